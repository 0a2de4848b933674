package strip

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/tools/imports"
)

// Markers of a solution region, as the whole of a line (leading and
// trailing space aside).
const (
	Begin = "// BEGIN SOLUTION"
	End   = "// END SOLUTION"
	stub  = "// STUB:"
)

// HasRegions reports whether src contains a solution region.
func HasRegions(src []byte) bool {
	for _, line := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(line) == Begin {
			return true
		}
	}
	return false
}

// Source returns src with every solution region replaced by its prompt,
// imports fixed and the result gofmt-ed. name is the file's name, for
// errors.
func Source(name string, src []byte) ([]byte, error) {
	lines := strings.Split(string(src), "\n")
	var out []string
	inRegion, inPrompt := false, false
	begin := 0
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case t == Begin:
			if inRegion {
				return nil, fmt.Errorf("strip: %s:%d: %s inside the region that began on line %d", name, i+1, Begin, begin)
			}
			inRegion, inPrompt, begin = true, true, i+1
		case t == End:
			if !inRegion {
				return nil, fmt.Errorf("strip: %s:%d: %s without %s", name, i+1, End, Begin)
			}
			inRegion, inPrompt = false, false
		case inRegion && inPrompt && strings.HasPrefix(t, "//"):
			if rest, ok := strings.CutPrefix(t, stub); ok {
				indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
				out = append(out, indent+strings.TrimPrefix(rest, " "))
			} else {
				out = append(out, line)
			}
		case inRegion:
			inPrompt = false
		default:
			if strings.Contains(t, "BEGIN SOLUTION") || strings.Contains(t, "END SOLUTION") {
				return nil, fmt.Errorf("strip: %s:%d: a marker must be a line of its own, exactly %q or %q", name, i+1, Begin, End)
			}
			out = append(out, line)
		}
	}
	if inRegion {
		return nil, fmt.Errorf("strip: %s:%d: %s never ended", name, begin, Begin)
	}
	stripped := []byte(strings.Join(out, "\n"))
	fixed, err := imports.Process(name, stripped, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8})
	if err != nil {
		return nil, fmt.Errorf("strip: %s: the student edition does not parse: %w\n%s", name, err, numbered(stripped))
	}
	return fixed, nil
}

// numbered prints src with line numbers, for errors about generated code.
func numbered(src []byte) string {
	var b bytes.Buffer
	for i, line := range strings.Split(string(src), "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, line)
	}
	return b.String()
}
