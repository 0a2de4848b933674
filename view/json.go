package view

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteJSON writes t as JSON (see SCHEMA.md), indented.
func WriteJSON(w io.Writer, t *Trace) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(t); err != nil {
		return fmt.Errorf("view: %w", err)
	}
	return nil
}

// ReadJSON reads a trace WriteJSON wrote.
func ReadJSON(r io.Reader) (*Trace, error) {
	var t Trace
	if err := json.NewDecoder(r).Decode(&t); err != nil {
		return nil, fmt.Errorf("view: reading a trace: %w", err)
	}
	if t.Version != Version {
		return nil, fmt.Errorf("view: trace version %d; this viewer reads version %d", t.Version, Version)
	}
	return &t, nil
}

// WriteFile writes t to the file path with write, which is WriteJSON,
// WriteShiViz or WriteHTML, making its directory if it is missing.
func WriteFile(path string, t *Trace, write func(io.Writer, *Trace) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("view: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("view: %w", err)
	}
	b := bufio.NewWriterSize(f, 1<<20)
	err = write(b, t)
	if err == nil {
		err = b.Flush()
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("view: %w", cerr)
	}
	return err
}
