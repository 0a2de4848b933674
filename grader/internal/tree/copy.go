package tree

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Skip says whether to leave out a file or directory of a copy; rel is
// its slash-separated path relative to the source.
type Skip func(rel string, d fs.DirEntry) bool

// Copy copies the module tree at src into dst, which it creates if needed.
// It leaves out hidden entries, nested modules, *.test binaries, symbolic
// links and everything skip (if not nil) chooses.
func Copy(src, dst string, skip Skip) error {
	src = filepath.Clean(src)
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("tree: %w", err)
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return fmt.Errorf("tree: %w", err)
		}
		if rel == "." {
			return os.MkdirAll(dst, 0o755)
		}
		slash := filepath.ToSlash(rel)
		if leftOut(path, d) || (skip != nil && skip(slash, d)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(path, target)
	})
}

// leftOut reports whether a copy always leaves an entry out.
func leftOut(path string, d fs.DirEntry) bool {
	name := d.Name()
	switch {
	case strings.HasPrefix(name, "."):
		return true
	case d.IsDir():
		_, err := os.Stat(filepath.Join(path, "go.mod"))
		return err == nil // a nested module
	case !d.Type().IsRegular():
		return true // symbolic links, devices
	}
	return strings.HasSuffix(name, ".test") || strings.HasSuffix(name, ".test.exe")
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, info.Mode().Perm()|0o200)
	if err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	if _, err := io.Copy(out, in); err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	return nil
}
