package labs

import (
	"cmp"
	"fmt"
	"go/build"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/tree"
)

// Discover returns the labs of the tree at root in the handout's order,
// with its numbers: as labs/README.md numbers them (1. hashring, ...),
// then the labs it does not list, by name, numbered after them.
func Discover(root string) ([]*report.Lab, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("labs: %w", err)
	}
	entries, err := os.ReadDir(filepath.Join(root, "labs"))
	if err != nil {
		return nil, fmt.Errorf("labs: %w", err)
	}
	var out []*report.Lab
	for _, e := range entries {
		if !e.IsDir() || slices.Contains(tree.SharedLabDirs, e.Name()) || strings.HasPrefix(e.Name(), ".") {
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
	numbers := labNumbers(root)
	rank := func(l *report.Lab) int {
		if n, ok := numbers[l.Name]; ok {
			return n
		}
		return math.MaxInt
	}
	slices.SortStableFunc(out, func(a, b *report.Lab) int { return cmp.Compare(rank(a), rank(b)) })
	next := 1
	for _, l := range out {
		l.Number = next
		if n, ok := numbers[l.Name]; ok {
			l.Number = n
		}
		next = l.Number + 1
	}
	return out, nil
}

// Load reads the lab named name in the tree at root. A directory with no
// graded tests gives a Lab with no Tests. The tests are numbered in the
// order below; the lab's Number is Discover's to set.
//
// The tests are grouped by part (parts sorted by name, tests without a
// part first); within a part they are in the order the lab's README.md
// lists them in its tables (the handout's work order), and the tests it
// does not list (hidden tests) come last, in the order go test runs them:
// the test files of the package itself, then those of the external _test
// package, each sorted by file name, and the tests of a file in the order
// they are declared. Files that go test would not build here (build
// constraints, _GOOS/_GOARCH suffixes) are left out, as go test leaves
// them out.
func Load(root, name string) (*report.Lab, error) {
	dir := filepath.Join(root, "labs", name)
	lab := &report.Lab{
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
	// go test runs the package's own test files before the external ones.
	var own, external []*report.Test
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
		if strings.HasSuffix(pkg, "_test") {
			external = append(external, tests...)
		} else {
			own = append(own, tests...)
		}
	}
	seen := map[string]string{}
	for _, t := range append(own, external...) {
		if prev, dup := seen[t.Name]; dup {
			return lab, fmt.Errorf("labs: labs/%s/%s:%d: %s is also declared in %s", name, t.File, t.Line, t.Name, prev)
		}
		seen[t.Name] = t.File
		t.Lab = name
		lab.Tests = append(lab.Tests, t)
	}
	// By part, then as the handout lists them, then in source order.
	order := testOrder(dir)
	rank := func(t *report.Test) int {
		if i, ok := order[t.Name]; ok {
			return i
		}
		return math.MaxInt
	}
	slices.SortStableFunc(lab.Tests, func(a, b *report.Test) int {
		return cmp.Or(strings.Compare(a.Part, b.Part), cmp.Compare(rank(a), rank(b)))
	})
	for i, t := range lab.Tests {
		t.Number = i + 1
	}
	return lab, nil
}
