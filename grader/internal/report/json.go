package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// WriteJSON writes the report in the grader's own JSON format.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
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
