package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Formats are the output formats, by name.
var Formats = []string{"text", "json", "gradescope", "junit", "classroom"}

// CheckFormat returns an error unless name is one of Formats.
func CheckFormat(name string) error {
	if slices.Contains(Formats, name) {
		return nil
	}
	return fmt.Errorf("report: unknown format %q (want one of %s)", name, strings.Join(Formats, ", "))
}

// Write writes r in the named format.
func Write(w io.Writer, r *Report, format string, text TextOptions) error {
	switch format {
	case "text":
		return WriteText(w, r, text)
	case "json":
		return WriteJSON(w, r)
	case "gradescope":
		return WriteGradescope(w, r)
	case "junit":
		return WriteJUnit(w, r)
	case "classroom":
		return WriteClassroom(w, r)
	}
	return CheckFormat(format)
}
