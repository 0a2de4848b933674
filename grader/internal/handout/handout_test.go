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

// The instructor markers, spliced in so that this file holds none.
var (
	begin = InstructorBegin
	end   = InstructorEnd
)

func TestStripInstructor(t *testing.T) {
	src := "# distlab\n\nFor everyone.\n\n" + begin + "\nThis tree holds the reference solutions: 300/300.\n" + end + "\n\nAlso for everyone.\n\n  " + begin + "  \n## For instructors\n\nSecrets.\n" + end + "\n"
	out, ok, err := StripInstructor("README.md", []byte(src))
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "# distlab\n\nFor everyone.\n\nAlso for everyone.\n", string(out),
		"regions and markers go, and no double blank line is left")

	plain := []byte("# x\n\nInline `" + begin + "` is not a marker.\n")
	out, ok, err = StripInstructor("x.md", plain)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, plain, out)

	for name, tc := range map[string]struct{ src, want string }{
		"unterminated": {"a\n" + begin + "\nb\n", "x.md:2: " + begin + " is never closed"},
		"nested":       {begin + "\na\n" + begin + "\nb\n" + end + "\n" + end + "\n", "x.md:3: " + begin + " inside the region opened at line 1 (regions do not nest)"},
		"stray end":    {"a\n" + end + "\n", "x.md:2: " + end + " without " + begin},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := StripInstructor("x.md", []byte(tc.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestWriteMarkdownAndEmptyDirs(t *testing.T) {
	root, out := t.TempDir(), filepath.Join(t.TempDir(), "handout")
	writeFiles(t, root, map[string]string{
		"go.mod":                  "module github.com/distlab/distlab\n\ngo 1.26\n",
		"README.md":               "# distlab\n\nRun the tests.\n\n" + begin + "\n## For instructors\n\nSee [the guide](docs/AUTHORING.md).\n" + end + "\n",
		"docs/AUTHORING.md":       "staff",
		"labs/hashring/README.md": "# Lab 1\n",
		"labs/hashring/testdata/mutants/a.mutant": "# a",
	})
	res, err := Write(root, out, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"README.md"}, res.Markdown)
	readme, err := os.ReadFile(filepath.Join(out, "README.md"))
	require.NoError(t, err)
	assert.Equal(t, "# distlab\n\nRun the tests.\n", string(readme))
	assert.NoDirExists(t, filepath.Join(out, "docs"), "docs/ held only the guide")
	assert.NoDirExists(t, filepath.Join(out, "labs", "hashring", "testdata"), "testdata/ held only the mutants")
	assert.DirExists(t, filepath.Join(out, "labs", "hashring"))

	problems, err := CheckMarkdown(root, out)
	require.NoError(t, err)
	assert.Empty(t, problems)

	writeFiles(t, root, map[string]string{"notes.md": begin + "\nunclosed\n"})
	_, err = Write(root, filepath.Join(t.TempDir(), "h2"), nil, nil)
	assert.ErrorContains(t, err, "handout: notes.md:1: "+begin+" is never closed")
}

func TestCheckMarkdown(t *testing.T) {
	root, out := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"docs/AUTHORING.md":          "staff",
		"grader/testdata/golden/x":   "g",
		"labs/README.md":             "labs",
		"labs/paxos/testdata/m.txt":  "m",
		"labs/paxos/mutants_test.go": "package paxos_test",
	})
	writeFiles(t, out, map[string]string{
		"labs/README.md": "labs",
		"README.md": strings.Join([]string{
			"# distlab",
			"See [labs](labs/README.md), [the site](https://example.com/docs/AUTHORING.md) and [below](#layout).",
			"How labs are marked up: [docs/AUTHORING.md](docs/AUTHORING.md#points \"the guide\").",
			"[guide]: /docs/AUTHORING.md",
			"```",
			"[in code](docs/AUTHORING.md) is not a link",
			"```",
			"Documented inline: `" + begin + "`.",
			"  <!-- BEGIN INSTRUCTORS -->",
			"[missing](nowhere.md) was never there.",
		}, "\n"),
		"labs/paxos/README.md": "[the mutants](mutants_test.go) and [data](testdata/m.txt) and [up](../../docs/AUTHORING.md)",
	})
	problems, err := CheckMarkdown(root, out)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"README.md:3: links to docs/AUTHORING.md, which the handout leaves out",
		"README.md:4: links to docs/AUTHORING.md, which the handout leaves out",
		"README.md:9: an instructor marker is left: <!-- BEGIN INSTRUCTORS -->",
		"labs/paxos/README.md:1: links to labs/paxos/mutants_test.go, which the handout leaves out",
		"labs/paxos/README.md:1: links to labs/paxos/testdata/m.txt, which the handout leaves out",
		"labs/paxos/README.md:1: links to docs/AUTHORING.md, which the handout leaves out",
	}, problems)
}
