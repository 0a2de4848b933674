package gotest_test

import (
	"fmt"
	"strings"

	"github.com/distlab/distlab/internal/gotest"
)

// Read hands over the events of a go test -json stream, and the lines
// that are not events.
func ExampleRead() {
	stream := `{"Action":"run","Test":"TestA"}
# example.com/m [example.com/m.test]
{"Action":"fail","Test":"TestA","Elapsed":0.5}
`
	gotest.Read(strings.NewReader(stream),
		func(e gotest.Event) { fmt.Println(e.Action, e.Test) },
		func(line []byte) { fmt.Printf("not an event: %s\n", line) })
	// Output:
	// run TestA
	// not an event: # example.com/m [example.com/m.test]
	// fail TestA
}
