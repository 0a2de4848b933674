package tree

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Assemble writes into dst, which must not exist or be empty, the tree to
// grade: every file of the official tree except the student packages, and
// the student packages, and nothing else, from the submission. students
// are the student package directories relative to the roots ("hashring").
// It returns the student packages the submission does not have.
//
// Nothing a submission holds outside its student packages reaches the
// tree: edited or added lab tests, a changed go.mod, a patched simulator
// are all replaced by the official files.
func Assemble(official, submission, dst string, students []string) (missing []string, err error) {
	isStudent := func(rel string, d fs.DirEntry) bool {
		for _, s := range students {
			if rel == s || strings.HasPrefix(rel, s+"/") {
				return true
			}
		}
		return false
	}
	if err := Copy(official, dst, isStudent); err != nil {
		return nil, err
	}
	for _, s := range students {
		src := filepath.Join(submission, filepath.FromSlash(s))
		info, err := os.Stat(src)
		if err != nil || !info.IsDir() {
			missing = append(missing, s)
			continue
		}
		if err := Copy(src, filepath.Join(dst, filepath.FromSlash(s)), nil); err != nil {
			return nil, fmt.Errorf("tree: copying %s from the submission: %w", s, err)
		}
	}
	return missing, nil
}
