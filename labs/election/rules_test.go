package election_test

import (
	"testing"

	"github.com/distlab/distlab/labs/kit"
)

// TestMain checks the rules of labs/README.md on the student package
// before any test runs: a violation is the first failure of go test.
func TestMain(m *testing.M) { kit.Main(m, "election") }
