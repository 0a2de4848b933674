package tree

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// needed returns the directories of the official tree that a grading
// tree takes (slash-separated, relative to official): the labs'
// directories (those under labs/ but SharedLabDirs), and every package of
// the module that they or the student packages import, directly or not.
// isStudent says which directories are student packages: their imports
// are read from the submission's copy in dst, and they are not returned.
func needed(official, dst string, students []string, isStudent func(string) bool) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(official, "labs"))
	if err != nil {
		return nil, err
	}
	var queue []string
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(SharedLabDirs, e.Name()) && !strings.HasPrefix(e.Name(), ".") {
			queue = append(queue, "labs/"+e.Name())
		}
	}
	// Student code may import, below its packages, what the labs do not.
	for _, s := range students {
		_ = filepath.WalkDir(filepath.Join(dst, filepath.FromSlash(s)), func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				queue = append(queue, importsOf(p)...)
			}
			return nil
		})
	}
	seen := map[string]bool{}
	var dirs []string
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		if seen[d] {
			continue
		}
		seen[d] = true
		base := official
		if isStudent(d) {
			base = dst
		} else if info, err := os.Stat(filepath.Join(official, filepath.FromSlash(d))); err != nil || !info.IsDir() {
			continue // not in the tree: the build says which import is missing
		} else {
			dirs = append(dirs, d)
		}
		queue = append(queue, importsOf(filepath.Join(base, filepath.FromSlash(d)))...)
	}
	slices.Sort(dirs)
	return dirs, nil
}

// importsOf returns the packages of the module that the Go files directly
// in dir import, as directories relative to the module's root. A file
// that does not parse imports nothing here; the build reports it. Import
// paths that do not name a directory inside the module ("..", absolute
// paths) are ignored, so a submission cannot make a copy reach outside
// the official tree.
func importsOf(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	fset := token.NewFileSet()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			if rel, ok := strings.CutPrefix(p, Module+"/"); ok && fs.ValidPath(rel) && path.Clean(rel) == rel {
				out = append(out, rel)
			}
		}
	}
	return out
}

// isPackageDir reports whether the directory d, met in a copy, holds a
// package of its own: Go files directly in it, and a name the go command
// does not ignore (testdata, _x, .x).
func isPackageDir(full string, d fs.DirEntry) bool {
	name := d.Name()
	if !d.IsDir() || name == "testdata" || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
		return false
	}
	entries, err := os.ReadDir(full)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool {
		return !e.IsDir() && strings.HasSuffix(e.Name(), ".go")
	})
}
