package tree

import (
	"errors"
	"fmt"
	"go/build"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// Violation is an import a student package may not have.
type Violation struct {
	File   string // slash-separated, relative to the tree's root
	Line   int
	Import string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s:%d imports %q", v.File, v.Line, v.Import)
}

// AllowedImports says what student packages may import: the standard
// library, sim, rpc, and the student package's own sub-packages.
func AllowedImports(student, path string) bool {
	first, _, _ := strings.Cut(path, "/")
	switch {
	case path == "C":
		return false
	case !strings.Contains(first, "."):
		return true // the standard library
	}
	for _, ok := range []string{Module + "/sim", Module + "/rpc", Module + "/" + student} {
		if path == ok || strings.HasPrefix(path, ok+"/") {
			return true
		}
	}
	return false
}

// CheckImports returns the imports of the student package at
// root/student, and of its sub-packages, that AllowedImports forbids.
// Test files are not checked: they do not take part in grading.
func CheckImports(root, student string) ([]Violation, error) {
	var out []Violation
	dir := filepath.Join(root, filepath.FromSlash(student))
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.Default.ImportDir(path, 0)
		var noGo *build.NoGoError
		if errors.As(err, &noGo) {
			return nil
		}
		if err != nil {
			return nil // the build reports broken packages better
		}
		for _, imp := range pkg.Imports {
			if AllowedImports(student, imp) {
				continue
			}
			for _, pos := range pkg.ImportPos[imp] {
				rel, _ := filepath.Rel(root, pos.Filename)
				out = append(out, Violation{File: filepath.ToSlash(rel), Line: pos.Line, Import: imp})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tree: %w", err)
	}
	slices.SortFunc(out, func(a, b Violation) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return out, nil
}
