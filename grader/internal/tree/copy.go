package tree

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Skip says whether to leave out a file or directory of a copy; rel is
// its slash-separated path relative to the source.
type Skip func(rel string, d fs.DirEntry) bool

// Copy copies the module tree at src into dst (os.CopyFS), which it
// creates if needed, and which must not hold the files it copies. It
// leaves out hidden entries but .gitignore files, nested modules, *.test binaries, symbolic
// links and everything skip (if not nil) chooses.
func Copy(src, dst string, skip Skip) error {
	src = filepath.Clean(src)
	if err := os.CopyFS(dst, &source{FS: os.DirFS(src), root: src, skip: skip}); err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	return nil
}

// source is the tree at root as Copy sees it: directories list only what
// is copied.
type source struct {
	fs.FS
	root string
	skip Skip
}

// ReadDir lists the entries of a directory that are copied.
func (s *source) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(s.FS, name)
	if err != nil {
		return nil, err
	}
	var out []fs.DirEntry
	for _, e := range entries {
		rel := path.Join(name, e.Name())
		if leftOut(filepath.Join(s.root, filepath.FromSlash(rel)), e) || (s.skip != nil && s.skip(rel, e)) {
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// leftOut reports whether a copy always leaves an entry out.
func leftOut(path string, d fs.DirEntry) bool {
	name := d.Name()
	switch {
	case strings.HasPrefix(name, "."):
		return name != ".gitignore"
	case d.IsDir():
		_, err := os.Stat(filepath.Join(path, "go.mod"))
		return err == nil // a nested module
	case !d.Type().IsRegular():
		return true // symbolic links, devices
	}
	return strings.HasSuffix(name, ".test") || strings.HasSuffix(name, ".test.exe")
}
