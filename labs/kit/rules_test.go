package kit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/internal/gotest"
)

func TestCheckRulesPrintsEveryViolation(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod":           "module github.com/distlab/distlab\n\ngo 1.26\n",
		"hashring/ring.go": "package hashring\n\nimport \"os\"\n\nvar hits int\n\nfunc Exit() { os.Exit(hits) }\n",
	}
	for name, text := range files {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(text), 0o644))
	}
	var out bytes.Buffer
	ok, err := CheckRules(&out, root, "hashring")
	require.NoError(t, err)
	assert.False(t, ok)
	lines := bytes.Split(bytes.TrimRight(out.Bytes(), "\n"), []byte("\n"))
	require.Len(t, lines, 3, out.String())
	assert.Equal(t, `RULES BROKEN: hashring/ breaks the rules of labs/README.md ("The rules your code must follow") in 2 places; no test runs until it follows them:`, string(lines[0]))
	assert.Regexp(t, `^hashring/ring.go:3:8: import: import "os": `, string(lines[1]))
	assert.Regexp(t, `^hashring/ring.go:5:5: package-state: package-level var hits `, string(lines[2]))
}

func TestCheckRulesPassesTheReference(t *testing.T) {
	root, err := gotest.Root(".", "")
	require.NoError(t, err)
	var out bytes.Buffer
	ok, err := CheckRules(&out, root, "election", "hashring", "paxos")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Empty(t, out.String())
}
