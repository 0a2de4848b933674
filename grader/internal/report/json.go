package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// WriteJSON writes the report in the grader's own JSON format: every
// field, even at its zero value, and lists as [] rather than null.
func WriteJSON(w io.Writer, r *Report) error { return encodeJSON(w, withLists(r)) }

// encodeJSON writes v as indented JSON, as every JSON format is written.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// withLists returns a copy of r whose nil lists are empty ones.
func withLists(r *Report) *Report {
	out := *r
	out.Notes = orEmpty(r.Notes)
	out.Labs = make([]*Lab, len(r.Labs))
	for i, l := range r.Labs {
		lc := *l
		lc.Imports = orEmpty(l.Imports)
		lc.Tests = make([]*Test, len(l.Tests))
		for j, t := range l.Tests {
			tc := *t
			tc.Failures = orEmpty(t.Failures)
			lc.Tests[j] = &tc
		}
		out.Labs[i] = &lc
	}
	return &out
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ReadJSON reads a report written by WriteJSON.
func ReadJSON(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("report: %s is not a grader JSON report: %w", path, err)
	}
	if r.Version != Version {
		return nil, fmt.Errorf("report: %s has format version %d; this grader reads version %d", path, r.Version, Version)
	}
	return &r, nil
}
