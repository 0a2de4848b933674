package handout

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/internal/strip"
)

type entry struct {
	name string
	dir  bool
}

func (e entry) Name() string               { return e.name }
func (e entry) IsDir() bool                { return e.dir }
func (e entry) Type() fs.FileMode          { return map[bool]fs.FileMode{true: fs.ModeDir}[e.dir] }
func (e entry) Info() (fs.FileInfo, error) { return nil, nil }

func TestInstructorOnly(t *testing.T) {
	for rel, want := range map[string]bool{
		"labs/paxos/extra_hidden_test.go":       true,
		"labs/paxos/mutants_test.go":            true,
		"labs/paxos/testdata/mutants/":          true,
		"grader/testdata/submissions/":          true,
		"grader/testdata/script/":               true,
		"grader/testdata/golden/":               true,
		"grader/script_test.go":                 true,
		"docs/AUTHORING.md":                     true,
		"labs/paxos/paxos_test.go":              false,
		"labs/paxos/README.md":                  false,
		"labs/paxos/testdata/golden.txt":        false,
		"labs/paxos/testdata/":                  false,
		"labs/kit/run.go":                       false,
		"labs/mutant/mutant.go":                 false,
		"labs/mutant/mutant_test.go":            false,
		"paxos/mutants_test.go":                 false,
		"paxos/x_hidden_test.go":                false,
		"grader/main.go":                        false,
		"grader/internal/report/report_test.go": false,
		"grader/testdata/fakelab/":              false,
		"docs/other.md":                         false,
	} {
		dir := rel[len(rel)-1] == '/'
		name := filepath.Base(rel)
		assert.Equal(t, want, instructorOnly(trimSlash(rel), entry{name: name, dir: dir}), rel)
	}
}

func trimSlash(s string) string {
	if s[len(s)-1] == '/' {
		return s[:len(s)-1]
	}
	return s
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

// solved is a reference solution with a region. The markers are spliced
// in, so that this file holds no region of its own for the handout check
// to find.
var solved = strings.NewReplacer("BEGIN", strip.Begin, "END", strip.End).Replace(`package hashring

import "sort"

// Owner returns the owner of key.
func Owner(points []int, key int) (int, error) {
	BEGIN
	// TODO: find the first point at or after key.
	// STUB: return 0, errors.New("hashring: Owner is not implemented")
	i := sort.SearchInts(points, key)
	return points[i%len(points)], nil
	END
}
`)

func TestWrite(t *testing.T) {
	root, out := t.TempDir(), filepath.Join(t.TempDir(), "handout")
	writeFiles(t, root, map[string]string{
		"go.mod":                                  "module github.com/distlab/distlab\n\ngo 1.26\n",
		".gitignore":                              "*.test\n",
		".git/HEAD":                               "ref",
		"hashring/ring.go":                        solved,
		"labs/hashring/ring_test.go":              "package hashring_test",
		"labs/hashring/secret_hidden_test.go":     "package hashring_test",
		"labs/hashring/mutants_test.go":           "package hashring_test",
		"labs/hashring/testdata/mutants/a.mutant": "# a",
		"labs/hashring/testdata/keys.txt":         "k",
		"grader/testdata/submissions/ok/go.mod":   "module github.com/distlab/distlab\n",
		"grader/testdata/submissions/x/a.go":      "package x",
		"grader/main.go":                          "package main",
		"grader/script_test.go":                   "package main",
		"docs/AUTHORING.md":                       "staff",
		"sim/sim.go":                              "package sim",
	})
	res, err := Write(root, out, []string{"hashring"}, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"hashring/ring.go"}, res.Stripped)
	slices.Sort(res.Removed)
	assert.Equal(t, []string{
		"docs/AUTHORING.md", "grader/script_test.go", "grader/testdata/submissions",
		"labs/hashring/mutants_test.go", "labs/hashring/secret_hidden_test.go", "labs/hashring/testdata/mutants",
	}, res.Removed)

	var got []string
	require.NoError(t, filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	}))
	slices.Sort(got)
	assert.Equal(t, []string{".gitignore", "go.mod", "grader/main.go", "hashring/ring.go",
		"labs/hashring/ring_test.go", "labs/hashring/testdata/keys.txt", "sim/sim.go"}, got)

	ring, err := os.ReadFile(filepath.Join(out, "hashring", "ring.go"))
	require.NoError(t, err)
	assert.Contains(t, string(ring), "// TODO: find the first point at or after key.")
	assert.Contains(t, string(ring), `return 0, errors.New("hashring: Owner is not implemented")`)
	assert.NotContains(t, string(ring), "sort.SearchInts")
	assert.NotContains(t, string(ring), "BEGIN SOLUTION")

	left, err := Leftovers(out, []string{"hashring"})
	require.NoError(t, err)
	assert.Empty(t, left)
}

func TestLeftovers(t *testing.T) {
	out := t.TempDir()
	writeFiles(t, out, map[string]string{
		"labs/x/helpers_test.go":       "package x\n// BEGIN SOLUTION\n// END SOLUTION\n",
		"internal/strip/strip_test.go": "package strip\n// BEGIN SOLUTION\n",
		"grader/testdata/fakelab/a.go": "package a\n// BEGIN SOLUTION\n",
		"hashring/ring.go":             "package hashring\n",
	})
	left, err := Leftovers(out, []string{"hashring"})
	require.NoError(t, err)
	assert.Equal(t, []string{"labs/x/helpers_test.go"}, left)
}
