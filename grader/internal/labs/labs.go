package labs

import (
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/distlab/distlab/grader/internal/report"
)

// notLabs are the directories under labs/ that are shared packages.
var notLabs = []string{"kit", "mutant", "rules", "internal"}

// Discover returns the labs of the tree at root, sorted by name and
// numbered in that order.
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
		if !e.IsDir() || slices.Contains(notLabs, e.Name()) || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		lab, err := Load(root, e.Name())
		if err != nil {
			return nil, err
		}
		if len(lab.Tests) > 0 {
			lab.Number = len(out) + 1
			out = append(out, lab)
		}
	}
	return out, nil
}

// Load reads the lab named name in the tree at root. A directory with no
// graded tests gives a Lab with no Tests. The tests are numbered in the
// order below; the lab's Number is Discover's to set.
//
// The tests are grouped by part (parts sorted by name, tests without a
// part first), and within a part they are in the order go test runs them:
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
	type parsed struct {
		external bool // package x_test
		tests    []*report.Test
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
	slices.SortStableFunc(lab.Tests, func(a, b *report.Test) int { return strings.Compare(a.Part, b.Part) })
	for i, t := range lab.Tests {
		t.Number = i + 1
	}
	return lab, nil
}
