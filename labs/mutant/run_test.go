package mutant

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tinyModule writes a module with a function and two tests of it.
func tinyModule(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":            "module example.com/tiny\n\ngo 1.26\n",
		"calc/calc.go":      "package calc\n\n// Add adds.\nfunc Add(a, b int) int {\n\treturn a + b\n}\n",
		"calc/calc_test.go": "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 2) != 4 {\n\t\tt.Fatal(\"2+2\")\n\t}\n}\n\nfunc TestZero(t *testing.T) {\n\tif Add(0, 0) != 0 {\n\t\tt.Fatal(\"0+0\")\n\t}\n}\n",
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return root
}

func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := tinyModule(t)
	edit := func(repl string) Mutant {
		return Mutant{Name: "m", Summary: "bug", Edits: []Edit{{File: "calc/calc.go", Old: "\treturn a + b\n", New: repl}}}
	}

	res, err := Run(context.Background(), root, "./calc", edit("\treturn a - b\n"))
	require.NoError(t, err)
	assert.True(t, res.Caught())
	assert.Equal(t, []string{"TestAdd"}, res.Failed, "2-2 != 4")
	assert.Equal(t, []string{"TestZero"}, res.Passed, "0-0 == 0")

	res, err = Run(context.Background(), root, "./calc", edit("\treturn b + a\n"))
	require.NoError(t, err)
	assert.False(t, res.Caught(), "an equivalent mutant survives")
	assert.Equal(t, []string{"TestAdd", "TestZero"}, res.Passed)

	_, err = Run(context.Background(), root, "./calc", edit("\treturn a +\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not build")

	src, err := os.ReadFile(filepath.Join(root, "calc", "calc.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "return a + b", "the original tree is untouched")
}
