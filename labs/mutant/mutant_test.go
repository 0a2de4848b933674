package mutant

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `# Lookup does not wrap around.
#
# Keys after the last point get no owner.
=== ring/ring.go
<<<
	if i == n {
		i = 0
	}
---
	if i == n {
		i--
	}
>>>
<<<
func helper() {}
---
>>>
=== ring/other.go
<<<
x := 1
---
x := 2
>>>
`

func TestParse(t *testing.T) {
	m, err := Parse("no-wrap", []byte(sample))
	require.NoError(t, err)
	assert.Equal(t, "no-wrap", m.Name)
	assert.Equal(t, "Lookup does not wrap around.", m.Summary)
	assert.Equal(t, "Lookup does not wrap around.\n\nKeys after the last point get no owner.", m.Description)
	assert.Equal(t, []Edit{
		{File: "ring/ring.go", Old: "\tif i == n {\n\t\ti = 0\n\t}\n", New: "\tif i == n {\n\t\ti--\n\t}\n"},
		{File: "ring/ring.go", Old: "func helper() {}\n", New: ""},
		{File: "ring/other.go", Old: "x := 1\n", New: "x := 2\n"},
	}, m.Edits)
}

func TestParseErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"no description":   {"=== a.go\n<<<\nx\n---\ny\n>>>\n", "no description"},
		"no edits":         {"# bug\n=== a.go\n", "no edits"},
		"edit before file": {"# bug\n<<<\nx\n---\ny\n>>>\n", `"<<<" before any "=== file" line`},
		"unterminated":     {"# bug\n=== a.go\n<<<\nx\n---\ny\n", "unterminated edit"},
		"empty old":        {"# bug\n=== a.go\n<<<\n---\ny\n>>>\n", "nothing to replace"},
		"stray text":       {"# bug\n=== a.go\nhello\n", `unexpected line "hello"`},
		"escaping path":    {"# bug\n=== ../a.go\n<<<\nx\n---\n>>>\n", "bad file name"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("m", []byte(tc.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "mutant m")
		})
	}
}

func TestApply(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "ring"), 0o755))
	write := func(name, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(root, "ring", name), []byte(text), 0o644))
	}
	write("ring.go", "package ring\n\nfunc f(i, n int) int {\n\tif i == n {\n\t\ti = 0\n\t}\n\treturn i\n}\n\nfunc helper() {}\n")
	write("other.go", "package ring\n\nfunc g() {\nx := 1\n_ = x\n}\n")
	m, err := Parse("no-wrap", []byte(sample))
	require.NoError(t, err)
	require.NoError(t, m.Apply(root))

	got, err := os.ReadFile(filepath.Join(root, "ring", "ring.go"))
	require.NoError(t, err)
	assert.Equal(t, "package ring\n\nfunc f(i, n int) int {\n\tif i == n {\n\t\ti--\n\t}\n\treturn i\n}\n\n", string(got))
	got, err = os.ReadFile(filepath.Join(root, "ring", "other.go"))
	require.NoError(t, err)
	assert.Equal(t, "package ring\n\nfunc g() {\nx := 2\n_ = x\n}\n", string(got))

	// Applying again fails: the text to replace is gone.
	err = m.Apply(root)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not in ring/ring.go (did the reference change?)")
}

func TestApplyNeedsAUniqueMatch(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "a.go"), []byte("x := 1\nx := 1\n"), 0o644))
	m := Mutant{Name: "dup", Edits: []Edit{{File: "a.go", Old: "x := 1\n", New: "x := 2\n"}}}
	err := m.Apply(root)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "occurs 2 times in a.go")
}

func TestLoadReadsEveryMutantSorted(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b", "a"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".mutant"), []byte(sample), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644))
	ms, err := Load(dir)
	require.NoError(t, err)
	require.Len(t, ms, 2)
	assert.Equal(t, "a", ms[0].Name)
	assert.Equal(t, "b", ms[1].Name)
}

func TestPatchLeavesTheTreeAlone(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "ring"), 0o755))
	orig := "package ring\n\nfunc f(i, n int) int {\n\tif i == n {\n\t\ti = 0\n\t}\n\treturn i\n}\n\nfunc helper() {}\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "ring", "ring.go"), []byte(orig), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "ring", "other.go"), []byte("x := 1\n"), 0o644))
	m, err := Parse("no-wrap", []byte(sample))
	require.NoError(t, err)
	files, err := m.Patch(root)
	require.NoError(t, err)
	require.Len(t, files, 2, "one entry per file, however many edits")
	assert.Equal(t, "ring/ring.go", files[0].Path)
	assert.Equal(t, "package ring\n\nfunc f(i, n int) int {\n\tif i == n {\n\t\ti--\n\t}\n\treturn i\n}\n\n", string(files[0].Data))
	assert.Equal(t, File{Path: "ring/other.go", Data: []byte("x := 2\n")}, files[1])
	got, err := os.ReadFile(filepath.Join(root, "ring", "ring.go"))
	require.NoError(t, err)
	assert.Equal(t, orig, string(got))
}
