package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPorcupinePath(t *testing.T) {
	line := "        porcupine's visualization: /tmp/distlab-porcupine/TestKV-seed4.html"
	m := porcupinePath.FindStringSubmatch(line)
	if assert.NotNil(t, m) {
		assert.Equal(t, "/tmp/distlab-porcupine/TestKV-seed4.html", m[1])
	}
	assert.Nil(t, porcupinePath.FindStringSubmatch("the visualization could not be written: disk full"))
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
