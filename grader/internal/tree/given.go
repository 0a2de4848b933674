package tree

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/distlab/distlab/internal/strip"
)

// overlayGiven copies over the student package dir of dst (which holds
// the submission's copy) the given files of the official one: its .go
// files, in it and below, that are not tests and hold no solution region
// (messages.go, controller.go, the settings). They are the contract the
// lab tests rely on, which the handout tells students to keep as it is:
// a submission that changes the controller the store tests talk to, or
// the hash its balance is measured with, is graded with the official one.
func overlayGiven(official, dst, dir string) error {
	src := filepath.Join(official, filepath.FromSlash(dir))
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == src && os.IsNotExist(err) {
				return filepath.SkipDir // no such package in the official tree
			}
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != src && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strip.HasRegions(data) {
			return nil
		}
		rel, err := filepath.Rel(official, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return fmt.Errorf("tree: the given file %s: %w", filepath.ToSlash(rel), err)
		}
		return nil
	})
}
