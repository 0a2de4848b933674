package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/kit/results"
)

func TestPorcupinePages(t *testing.T) {
	file := filepath.Join(t.TempDir(), "results.jsonl")
	w := results.NewWriter(file)
	require.NoError(t, w.Write(results.Record{Type: results.TypeSeed, Test: "TestKV", Seed: 4, Verdict: results.Fail,
		Kind: results.Linearizability, Porcupine: "/tmp/distlab-porcupine/TestKV-seed4.html",
		Message: "porcupine's visualization: /tmp/elsewhere.html"}))
	require.NoError(t, w.Write(results.Record{Type: results.TypeSeed, Test: "TestKV", Seed: 5, Verdict: results.Fail, Kind: results.Invariant}))
	assert.Equal(t, []string{"/tmp/distlab-porcupine/TestKV-seed4.html"}, porcupinePages(file), "from the channel, not the text")
	assert.Nil(t, porcupinePages(filepath.Join(t.TempDir(), "none")))
}

func TestQuoteArgs(t *testing.T) {
	assert.Equal(t,
		[]string{"test", "-run", "'^TestX$/^seed=3$'", "-seed", "3", "'it'\\''s'"},
		quoteArgs([]string{"test", "-run", "^TestX$/^seed=3$", "-seed", "3", "it's"}))
}

func TestPaintLine(t *testing.T) {
	assert.Equal(t, "--- FAIL: TestX", paintLine("--- FAIL: TestX", false))
	assert.Equal(t, "\x1b[31;1m    --- FAIL: TestX/seed=3 (0.00s)\x1b[0;22m", paintLine("    --- FAIL: TestX/seed=3 (0.00s)", true))
	assert.Equal(t, "\x1b[32m--- PASS: TestX (0.00s)\x1b[0m", paintLine("--- PASS: TestX (0.00s)", true))
	assert.Equal(t, "   0.001s #3 s1 send", paintLine("   0.001s #3 s1 send", true), "trace lines stay as they are")
}

func TestSplitList(t *testing.T) {
	assert.Equal(t, []string{"s1", "s2"}, splitList(" s1, ,s2 "))
	assert.Nil(t, splitList(""))
}
