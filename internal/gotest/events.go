package gotest

import (
	"bufio"
	"encoding/json"
	"io"
	"time"
)

// Event is one line of go test -json (and go tool test2json) output, as
// go doc test2json documents it.
type Event struct {
	Time    time.Time
	Action  string
	Package string
	Test    string
	Elapsed float64 // seconds
	Output  string
}

// maxLine is the longest line Read accepts: a test's output line, with
// its JSON framing.
const maxLine = 16 << 20

// Read reads a go test -json stream: each event goes to event, and each
// line that is not an event (the go command's own messages, or output
// that test2json did not frame) goes to other, without its newline.
// Either function may be nil. It returns the error that ended the stream,
// nil at its end.
func Read(r io.Reader, event func(Event), other func(line []byte)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for sc.Scan() {
		line := sc.Bytes()
		var ev Event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			if other != nil {
				other(line)
			}
			continue
		}
		if event != nil {
			event(ev)
		}
	}
	return sc.Err()
}
