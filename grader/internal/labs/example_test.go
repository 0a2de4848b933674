package labs_test

import (
	"fmt"

	"github.com/distlab/distlab/grader/internal/labs"
)

// The directives in a test's doc comment make it graded.
func ExampleParseFile() {
	src := `package election_test

import "testing"

// TestInitialElection: one leader within 10 election timeouts.
//
//lab:points 10
//lab:part A
func TestInitialElection(t *testing.T) {}

// TestHelper has no points: it is not graded.
func TestHelper(t *testing.T) {}
`
	tests, err := labs.ParseFile("labs/election/initial_test.go", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range tests {
		fmt.Printf("%s: %d points, part %s\n", t.Name, t.Points, t.Part)
	}
	// Output:
	// TestInitialElection: 10 points, part A
}
