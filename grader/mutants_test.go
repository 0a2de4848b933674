package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/labs/mutant"
)

func parseMutant(t *testing.T, header string) mutant.Mutant {
	t.Helper()
	m, err := mutant.Parse("m", []byte(header+"=== a/a.go\n<<<\nx\n---\ny\n>>>\n"))
	require.NoError(t, err)
	return m
}

func TestMutantSummary(t *testing.T) {
	short := parseMutant(t, "# Echo does not count the Pongs it gets.\n")
	assert.Equal(t, "Echo does not count the Pongs it gets.", summary(short))

	wrapped := parseMutant(t, "# The quorum is half the cluster\n# rather than a majority.\n#\n# Caught by TestX.\n")
	assert.Equal(t, "The quorum is half the cluster rather than a majority.", summary(wrapped),
		"the first sentence, whole, though it spans lines")

	long := parseMutant(t, "# Election timeouts are fixed instead of random: nodes that start together\n"+
		"# time out together, each votes for itself, and the votes split forever. More.\n")
	assert.Equal(t, "Election timeouts are fixed instead of random...", summary(long), "cut at the first clause")

	noColon := parseMutant(t, "# "+strings.Repeat("word ", 40)+"end.\n")
	s := summary(noColon)
	assert.LessOrEqual(t, len(s), maxSummary)
	assert.True(t, strings.HasSuffix(s, " word..."), s)
}

// TestMutantSummariesOfTheLabs: no summary of this repository's mutants
// stops mid-sentence without "...".
func TestMutantSummariesOfTheLabs(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(fixture.Root(t), "labs", "*", "testdata", "mutants"))
	require.NoError(t, err)
	for _, dir := range paths {
		ms, err := mutant.Load(dir)
		require.NoError(t, err)
		for _, m := range ms {
			s := summary(m)
			assert.LessOrEqual(t, len(s), maxSummary, m.Name)
			assert.True(t, strings.HasSuffix(s, ".") || strings.HasSuffix(s, "...") || strings.HasSuffix(s, "?"),
				"%s: %q ends mid-sentence", m.Name, s)
		}
	}
}
