package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/report"
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

func TestMutantPlanGradingSeeds(t *testing.T) {
	l := &report.Lab{Tests: []*report.Test{{Name: "TestA", DefaultSeeds: 50}, {Name: "TestB"}}}
	for _, c := range []struct {
		grade     int
		test      string
		ran, want int
	}{
		{0, "TestA", 7, 50}, // the test's default count, whatever ran
		{0, "TestB", 7, 7},  // the source does not say: what ran by default
		{0, "TestB", 0, 1},  // not a sweep: one run
		{20, "TestA", 7, 20},
		{20, "TestB", 7, 20},
	} {
		assert.Equal(t, c.want, mutantPlan(l, nil, c.grade, time.Minute).Seeds(c.test, c.ran), "%+v", c)
	}
	p := mutantPlan(l, []string{"-seeds", "3"}, 0, time.Minute)
	assert.True(t, p.Graded("TestA"))
	assert.False(t, p.Graded("Example"), "only the lab's graded tests count")
	assert.False(t, p.FailFast, "every test runs")
	assert.Equal(t, []string{"-seeds", "3"}, p.Args)

	tests := []mutant.TestResult{
		{Name: "TestA", Failed: true, Seeds: 10, FailedSeeds: 3, Grading: 50},
		{Name: "TestB", Seeds: 5, Grading: 5},
		{Name: "Example", Failed: true},
	}
	assert.Equal(t, "3 of 15 graded seeds", seedTotal(tests))
	assert.Equal(t, []string{"TestA", "TestB"}, gradedNames(tests))
}
