package progress

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/testrun"
)

func TestPlainLines(t *testing.T) {
	var b bytes.Buffer
	d := New(&b, false, false, 2)
	lab := &report.Lab{Name: "paxos"}
	d.Building("paxos")
	d.Start("paxos", "TestA")
	d.Update("paxos", "TestA", &testrun.Outcome{Seeds: []*testrun.Seed{{Status: testrun.Pass}}})
	d.Done(lab, &report.Test{Name: "TestA", Part: "A", Points: 4, Status: report.Pass, Seeds: 10, Passed: 10, Wall: 1.25})
	d.Done(lab, &report.Test{Name: "TestB", Points: 6, Status: report.Fail, Seeds: 10, Passed: 9, Wall: 0.5, Message: "1 of 10 seeds failed"})
	d.Close()
	assert.Equal(t, "ok       paxos/TestA (part A)  4/4  10/10 seeds  1.2s\n"+
		"FAIL     paxos/TestB  0/6  9/10 seeds  0.5s  1 of 10 seeds failed\n", b.String(),
		"no status line, no escapes: one line per finished test")
}

func TestLiveStatusLine(t *testing.T) {
	var b bytes.Buffer
	d := New(&b, true, true, 3)
	d.Start("paxos", "TestA")
	d.Update("paxos", "TestA", &testrun.Outcome{Seeds: []*testrun.Seed{
		{Status: testrun.Pass}, {Status: testrun.Fail}, {Status: testrun.Running},
	}})
	d.Done(&report.Lab{Name: "paxos"}, &report.Test{Name: "TestA", Points: 4, Status: report.Fail, Seeds: 3, Passed: 1})
	d.Close()
	out := b.String()
	assert.Contains(t, out, "\r\x1b[K[0/3] paxos TestA  seeds 2/3 (1 failed)  ")
	assert.Contains(t, out, "\r\x1b[K\x1b[31mFAIL\x1b[0m     paxos/TestA")
	assert.True(t, strings.HasSuffix(out, "1/3 seeds  0.0s\n"), "after a test's row, no status line until the next test: %q", out)
}

func TestCloseErasesTheStatusLine(t *testing.T) {
	var b bytes.Buffer
	d := New(&b, true, false, 1)
	d.Building("hashring")
	d.Close()
	assert.True(t, strings.HasPrefix(b.String(), "\r\x1b[K[0/1] building hashring  "), b.String())
	assert.True(t, strings.HasSuffix(b.String(), "s\r\x1b[K"), "the line is erased: %q", b.String())
}
