package labs

import (
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Lab is one lab of a tree.
type Lab struct {
	Name    string // "hashring"
	Dir     string // the lab's test directory, absolute
	Package string // the test package relative to the module root, "./labs/hashring"
	Student string // the student package's directory relative to the root, "hashring"
	Tests   []Test // graded tests by part, in source order within a part (see Load)
}

// Test is one graded test.
type Test struct {
	Lab    string
	Name   string // the test function, "TestInitialElection"
	Points int
	Part   string // "" when the lab has no parts
	Hidden bool   // declared in a *_hidden_test.go file (instructor-only)
	File   string // the file's name, "election_test.go"
	Line   int
}

// ID returns "lab/Test", the test's name across labs.
func (t Test) ID() string { return t.Lab + "/" + t.Name }

// Points returns the lab's total points.
func (l Lab) Points() int {
	n := 0
	for _, t := range l.Tests {
		n += t.Points
	}
	return n
}

// Parts returns the lab's parts, sorted; nil if it has none.
func (l Lab) Parts() []string {
	var parts []string
	for _, t := range l.Tests {
		if t.Part != "" && !slices.Contains(parts, t.Part) {
			parts = append(parts, t.Part)
		}
	}
	slices.Sort(parts)
	return parts
}

// notLabs are the directories under labs/ that are shared packages.
var notLabs = []string{"kit", "mutant", "internal"}

// Discover returns the labs of the tree at root, sorted by name.
func Discover(root string) ([]Lab, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("labs: %w", err)
	}
	entries, err := os.ReadDir(filepath.Join(root, "labs"))
	if err != nil {
		return nil, fmt.Errorf("labs: %w", err)
	}
	var out []Lab
	for _, e := range entries {
		if !e.IsDir() || slices.Contains(notLabs, e.Name()) || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		lab, err := Load(root, e.Name())
		if err != nil {
			return nil, err
		}
		if len(lab.Tests) > 0 {
			out = append(out, lab)
		}
	}
	return out, nil
}

// Load reads the lab named name in the tree at root. A directory with no
// graded tests gives a Lab with no Tests.
//
// The tests are grouped by part (parts sorted by name, tests without a
// part first), and within a part they are in the order go test runs them:
// the test files of the package itself, then those of the external _test
// package, each sorted by file name, and the tests of a file in the order
// they are declared. Files that go test would not build here (build
// constraints, _GOOS/_GOARCH suffixes) are left out, as go test leaves
// them out.
func Load(root, name string) (Lab, error) {
	dir := filepath.Join(root, "labs", name)
	lab := Lab{
		Name:    name,
		Dir:     dir,
		Package: "./labs/" + name,
		Student: name,
	}
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return lab, fmt.Errorf("labs: %w", err)
	}
	slices.Sort(files)
	type parsed struct {
		external bool // package x_test
		tests    []Test
	}
	var all []parsed
	for _, f := range files {
		if ok, err := build.Default.MatchFile(dir, filepath.Base(f)); err == nil && !ok {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return lab, fmt.Errorf("labs: %w", err)
		}
		pkg, tests, err := parseFile(filepath.Join("labs", name, filepath.Base(f)), src)
		if err != nil {
			return lab, err
		}
		all = append(all, parsed{external: strings.HasSuffix(pkg, "_test"), tests: tests})
	}
	// go test runs the package's own test files before the external ones.
	slices.SortStableFunc(all, func(a, b parsed) int {
		switch {
		case a.external == b.external:
			return 0
		case a.external:
			return 1
		}
		return -1
	})
	seen := map[string]string{}
	for _, p := range all {
		for _, t := range p.tests {
			if prev, dup := seen[t.Name]; dup {
				return lab, fmt.Errorf("labs: labs/%s/%s:%d: %s is also declared in %s", name, t.File, t.Line, t.Name, prev)
			}
			seen[t.Name] = t.File
			t.Lab = name
			lab.Tests = append(lab.Tests, t)
		}
	}
	// Group the tests by part, keeping source order within a part.
	slices.SortStableFunc(lab.Tests, func(a, b Test) int { return strings.Compare(a.Part, b.Part) })
	return lab, nil
}
