package tree

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// write creates files under root; a path ending in "/" is a directory.
func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

// files lists the regular files under root, slash-separated.
func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	}))
	slices.Sort(out)
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

const gomod = "module github.com/distlab/distlab\n\ngo 1.26\n"

func TestCopyLeavesOutWhatIsNotSource(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "out")
	write(t, src, map[string]string{
		"go.mod":                 gomod,
		"sim/sim.go":             "package sim",
		"sim/sim.test":           "binary",
		".git/HEAD":              "ref",
		"labs/.hidden":           "x",
		"handout/go.mod":         "module github.com/distlab/distlab\n",
		"handout/sim/sim.go":     "package sim",
		"labs/x/testdata/a.json": "{}",
		"skipme/a.go":            "package skipme",
	})
	require.NoError(t, os.Symlink(filepath.Join(src, "go.mod"), filepath.Join(src, "link.go")))
	err := Copy(src, dst, func(rel string, d os.DirEntry) bool { return rel == "skipme" })
	require.NoError(t, err)
	assert.Equal(t, []string{"go.mod", "labs/x/testdata/a.json", "sim/sim.go"}, files(t, dst))
	assert.ErrorIs(t, Copy(src, dst, nil), fs.ErrExist, "a copy never overwrites")
}

func TestAssembleTakesOnlyStudentPackagesFromTheSubmission(t *testing.T) {
	base := t.TempDir()
	official, sub, dst := filepath.Join(base, "official"), filepath.Join(base, "sub"), filepath.Join(base, "dst")
	write(t, base, map[string]string{"outside/secret.go": "package outside // beside the official tree"})
	imports := func(pkgs ...string) string {
		var b strings.Builder
		for _, p := range pkgs {
			b.WriteString("import _ \"github.com/distlab/distlab/" + p + "\"\n")
		}
		return b.String()
	}
	write(t, official, map[string]string{
		"go.mod":                          gomod,
		"go.sum":                          "official sums",
		"README.md":                       "official",
		"sim/sim.go":                      "package sim // official",
		"sim/testdata/golden.txt":         "below a package",
		"sim/cmd/tool/main.go":            "package main // imported by nothing",
		"labs/hashring/a_test.go":         "package hashring_test // official\n" + imports("sim", "hashring"),
		"labs/hashring/a_hidden_test.go":  "package hashring_test // hidden",
		"labs/hashring/testdata/x.mutant": "mutant",
		"labs/paxos/paxos_test.go":        "package paxos_test\n" + imports("labs/kit"),
		"labs/kit/kit.go":                 "package kit\n" + imports("labs/kit/results", "view"),
		"labs/kit/results/results.go":     "package results",
		"labs/rules/rules.go":             "package rules // imported by nothing",
		"view/view.go":                    "package view // embeds assets",
		"view/assets/page.html":           "<html>",
		"hashring/ring.go":                "package hashring // reference solution\n// BEGIN SOLUTION\n// END SOLUTION\n",
		"hashring/messages.go":            "package hashring // given",
		"hashring/sub/given.go":           "package sub // given, below",
		"hashring/sub/given_test.go":      "package sub // a test of the reference",
		"hashring/extra/x.go":             "package extra // reference\n// BEGIN SOLUTION\n// END SOLUTION\n",
		"election/node.go":                "package election // reference solution\n// BEGIN SOLUTION\n// END SOLUTION\n",
		"grader/main.go":                  "package main",
		"docs/AUTHORING.md":               "staff",
		"hashringextra/keep.go":           "package hashringextra // staff, despite the prefix",
		"paxos/paxos.go":                  "package paxos // reference\n// BEGIN SOLUTION\n// END SOLUTION\n",
	})
	write(t, sub, map[string]string{
		"go.mod":                  gomod + "\nrequire example.com/evil v1.0.0\n",
		"sim/sim.go":              "package sim // patched by the student",
		"labs/hashring/a_test.go": "package hashring_test // edited to pass",
		"labs/hashring/z_test.go": "package hashring_test // added",
		"hashring/ring.go":        "package hashring // student\n" + imports("hashringextra", "../outside", "/abs"),
		"hashring/helper.go":      "package hashring // student helper",
		"hashring/messages.go":    "package hashring // changed by the student",
		"election/node.go":        "package election // student",
		"grader/main.go":          "package main // student",
		"notes.txt":               "student notes",
		"hashringextra/keep.go":   "package hashringextra // student",
	})
	missing, err := Assemble(official, sub, dst, []string{"hashring", "election", "paxos"})
	require.NoError(t, err)
	assert.Equal(t, []string{"paxos"}, missing)
	assert.Equal(t, []string{
		"README.md", "election/node.go", "go.mod", "go.sum",
		"hashring/helper.go", "hashring/messages.go", "hashring/ring.go", "hashring/sub/given.go", "hashringextra/keep.go",
		"labs/hashring/a_hidden_test.go", "labs/hashring/a_test.go", "labs/hashring/testdata/x.mutant",
		"labs/kit/kit.go", "labs/kit/results/results.go", "labs/paxos/paxos_test.go",
		"sim/sim.go", "sim/testdata/golden.txt", "view/assets/page.html", "view/view.go",
	}, files(t, dst), "no reference solution, no added test, no student notes, nothing no lab builds")
	assert.Equal(t, gomod, read(t, filepath.Join(dst, "go.mod")))
	assert.Contains(t, read(t, filepath.Join(dst, "sim/sim.go")), "official")
	assert.Contains(t, read(t, filepath.Join(dst, "labs/hashring/a_test.go")), "official")
	assert.Contains(t, read(t, filepath.Join(dst, "hashring/ring.go")), "student")
	assert.Contains(t, read(t, filepath.Join(dst, "hashring/messages.go")), "given", "a given file is the official one")
	assert.Contains(t, read(t, filepath.Join(dst, "hashring/sub/given.go")), "given")
	assert.Contains(t, read(t, filepath.Join(dst, "election/node.go")), "student")
	assert.Contains(t, read(t, filepath.Join(dst, "hashringextra/keep.go")), "staff")
	assert.Equal(t, []string{"secret.go"}, files(t, filepath.Join(base, "outside")), "an import path cannot reach outside the trees")
}

func TestCheckSubmission(t *testing.T) {
	good := t.TempDir()
	write(t, good, map[string]string{"go.mod": gomod, "hashring/ring.go": "package hashring"})
	assert.NoError(t, CheckSubmission(good))

	for name, tc := range map[string]struct {
		files map[string]string
		want  string
	}{
		"no go.mod":    {map[string]string{"hashring/ring.go": "package hashring"}, "has no go.mod"},
		"other module": {map[string]string{"go.mod": "module example.com/mine\n", "a.go": "package a"}, `go.mod declares module "example.com/mine"; want "github.com/distlab/distlab"`},
		"no Go":        {map[string]string{"go.mod": gomod, "README": "hi", ".git/x.go": "package x"}, "contains no Go files"},
		"huge go.mod":  {map[string]string{"go.mod": gomod + strings.Repeat("// padding\n", 100_000), "a.go": "package a"}, "its go.mod holds 1100"},
	} {
		dir := t.TempDir()
		write(t, dir, tc.files)
		err := CheckSubmission(dir)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), tc.want, name)
		assert.True(t, strings.HasPrefix(err.Error(), "tree: submission "), name)
	}
	linked := t.TempDir()
	write(t, linked, map[string]string{"a.go": "package a"})
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(linked, "go.mod")))
	assert.ErrorContains(t, CheckSubmission(linked), "its go.mod is not a regular file (a symbolic link?)", "never read: /dev/zero has no end")
	assert.ErrorContains(t, CheckSubmission(filepath.Join(good, "nope")), "does not exist")
	assert.ErrorContains(t, CheckSubmission(filepath.Join(good, "go.mod")), "is not a directory")
}

// TestCheckSubmissionLooksForGoInBounds finds the Go code of a
// submission in its student packages first, and gives up on a tree too
// large to search for it.
func TestCheckSubmissionLooksForGoInBounds(t *testing.T) {
	defer func(n int) { maxScan = n }(maxScan)
	maxScan = 50
	many := map[string]string{"go.mod": gomod}
	for i := range 60 {
		many[fmt.Sprintf("aaa/f%02d.txt", i)] = "x"
	}
	dir := t.TempDir()
	write(t, dir, many)
	assert.ErrorContains(t, CheckSubmission(dir, "hashring"), "holds more than 50 files and directories, and no Go file among them")

	write(t, dir, map[string]string{"zzz/a.go": "package zzz"})
	assert.ErrorContains(t, CheckSubmission(dir, "hashring"), "more than 50", "the Go file lies beyond the entries looked at")

	write(t, dir, map[string]string{"hashring/ring.go": "package hashring"})
	assert.NoError(t, CheckSubmission(dir, "hashring"), "a student package's Go file is found first")
}

// TestCheckSubmissionSize rejects a submission whose student packages
// hold too much, in bytes (a large sparse file: no disk used) or in
// files, and counts only what a copy would take.
func TestCheckSubmissionSize(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"go.mod": gomod, "hashring/ring.go": "package hashring", "election/node.go": "package election"})
	assert.NoError(t, CheckSubmission(dir, "hashring", "election", "paxos"), "paxos/ is missing: reported elsewhere")

	big := filepath.Join(dir, "election", "testdata", "big.bin")
	require.NoError(t, os.MkdirAll(filepath.Dir(big), 0o755))
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxStudentBytes))
	require.NoError(t, f.Close())
	err = CheckSubmission(dir, "hashring", "election")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "its student packages hold more than 5000 files and directories or 16 MiB (counted up to election/: 4 entries, 16.0 MiB)")
	assert.NoError(t, CheckSubmission(dir, "hashring"), "only the student packages count")
	require.NoError(t, os.Rename(filepath.Dir(big), filepath.Join(dir, "election", ".hidden")))
	assert.NoError(t, CheckSubmission(dir, "hashring", "election"), "a copy leaves hidden directories out, and so does the count")

	many := map[string]string{}
	for i := range MaxStudentFiles {
		many[fmt.Sprintf("paxos/f%d.txt", i)] = ""
	}
	write(t, dir, many)
	err = CheckSubmission(dir, "hashring", "paxos")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "(counted up to paxos/: 5001 entries, 0.0 MiB)")

	dirs := t.TempDir()
	write(t, dirs, map[string]string{"go.mod": gomod, "hashring/ring.go": "package hashring"})
	for i := range MaxStudentFiles {
		require.NoError(t, os.Mkdir(filepath.Join(dirs, "hashring", fmt.Sprintf("d%d", i)), 0o755))
	}
	err = CheckSubmission(dirs, "hashring")
	require.Error(t, err, "empty directories count too: a copy creates each")
	assert.Contains(t, err.Error(), "(counted up to hashring/: 5001 entries, 0.0 MiB)")
}

// TestSymlinkedStudentPackage rejects a student package that is a
// symbolic link, which a copy would follow anywhere (here, to a tree
// outside the submission), and Assemble takes nothing through one.
func TestSymlinkedStudentPackage(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	write(t, outside, map[string]string{"secret.go": "package hashring"})
	sub := filepath.Join(base, "sub")
	write(t, sub, map[string]string{"go.mod": gomod, "election/node.go": "package election"})
	require.NoError(t, os.Symlink(outside, filepath.Join(sub, "hashring")))
	err := CheckSubmission(sub, "hashring", "election")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "hashring is a symbolic link; a student package is a directory of files")

	official := filepath.Join(base, "official")
	write(t, official, map[string]string{
		"go.mod":                  gomod,
		"hashring/ring.go":        "package hashring",
		"election/node.go":        "package election",
		"labs/hashring/a_test.go": "package hashring_test\nimport _ \"github.com/distlab/distlab/hashring\"\n",
	})
	dst := filepath.Join(base, "dst")
	missing, err := Assemble(official, sub, dst, []string{"hashring", "election"})
	require.NoError(t, err)
	assert.Equal(t, []string{"hashring"}, missing)
	assert.NoFileExists(t, filepath.Join(dst, "hashring", "secret.go"))
}
