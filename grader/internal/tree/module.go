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
// Go code, whose student packages (students, such as "hashring") are not
// symbolic links and hold at most MaxStudentBytes in MaxStudentFiles
// files and directories (see checkSize).
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
	if !hasGo(dir) {
		return fmt.Errorf("tree: submission %s contains no Go files", dir)
	}
	return checkSize(dir, students)
}

// hasGo reports whether the tree at dir holds a .go file.
func hasGo(dir string) bool {
	found := errors.New("found")
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && path != dir && d.Name()[0] == '.' {
			return filepath.SkipDir
		}
		if !d.IsDir() && filepath.Ext(path) == ".go" {
			return found
		}
		return nil
	})
	return err == found
}
