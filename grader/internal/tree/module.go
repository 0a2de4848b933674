package tree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// Module is the module path of distlab.
const Module = "github.com/distlab/distlab"

// SharedLabDirs are the directories under labs/ that hold the packages
// the labs share, not labs.
var SharedLabDirs = []string{"kit", "mutant", "rules", "internal"}

// maxGoMod is the largest go.mod a submission may have.
const maxGoMod = 1 << 20

// CheckSubmission checks that dir can be graded: a directory holding a
// go.mod (a regular file of at most 1 MiB) that declares Module, and some
// Go code (see hasGo), whose student packages (students, such as
// "hashring") are not symbolic links and hold at most MaxStudentBytes in
// MaxStudentFiles files and directories (see checkSize).
func CheckSubmission(dir string, students ...string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("tree: submission %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("tree: %w", err)
	case !info.IsDir():
		return fmt.Errorf("tree: submission %s is not a directory", dir)
	}
	gomod := filepath.Join(dir, "go.mod")
	info, err = os.Lstat(gomod)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("tree: submission %s has no go.mod (submit the whole repository, with go.mod at its root)", dir)
	case err != nil:
		return fmt.Errorf("tree: %w", err)
	case !info.Mode().IsRegular():
		return fmt.Errorf("tree: submission %s: its go.mod is not a regular file (a symbolic link?)", dir)
	case info.Size() > maxGoMod:
		return fmt.Errorf("tree: submission %s: its go.mod holds %d bytes; a go.mod is a few lines", dir, info.Size())
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	if got := modfile.ModulePath(data); got != Module {
		return fmt.Errorf("tree: submission %s: go.mod declares module %q; want %q", dir, got, Module)
	}
	if err := checkSize(dir, students); err != nil {
		return err
	}
	return hasGo(dir, students)
}

// maxScan is how many files and directories hasGo looks at, outside the
// student packages, before it gives up finding a Go file.
var maxScan = 100_000

// hasGo checks that the tree at dir holds a .go file, looking first in
// its student packages (bounded by checkSize), then in at most maxScan
// entries of the rest, so that a submission of millions of files keeps
// the grader walking for no longer than that.
func hasGo(dir string, students []string) error {
	found := errors.New("found")
	seen := 0
	walk := func(root string) error {
		return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if seen++; seen > maxScan {
				return fmt.Errorf("tree: submission %s holds more than %d files and directories, and no Go file among them; submit the repository, with the student packages' Go files", dir, maxScan)
			}
			if d.IsDir() && path != root && d.Name()[0] == '.' {
				return filepath.SkipDir
			}
			if !d.IsDir() && filepath.Ext(path) == ".go" {
				return found
			}
			return nil
		})
	}
	for _, s := range students {
		if root := filepath.Join(dir, filepath.FromSlash(s)); walk(root) == found {
			return nil
		}
	}
	seen = 0
	switch err := walk(dir); err {
	case found:
		return nil
	case nil:
		return fmt.Errorf("tree: submission %s contains no Go files", dir)
	default:
		return err
	}
}
