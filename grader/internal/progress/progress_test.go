package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/testrun"
)

func TestPlainLines(t *testing.T) {
	var b bytes.Buffer
	d := New(&b, false, false, 2)
	lab := &report.Lab{Name: "paxos", Number: 3, Package: "./labs/paxos", Student: "paxos"}
	d.Building("paxos")
	d.Start("paxos", "TestA", 10)
	d.Update("paxos", "TestA", &testrun.Outcome{Seeds: []*testrun.Seed{{Status: report.Pass}}})
	d.Done(lab, &report.Test{Name: "TestA", Part: "A", Points: 4, Status: report.Pass, Seeds: 10, Passed: 10, Wall: 1.25})
	d.Done(lab, &report.Test{Name: "TestB", Points: 6, Status: report.Fail, Seeds: 10, Passed: 9, Wall: 0.5, Message: "1 of 10 seeds failed"})
	d.Done(&report.Lab{Name: "kv"}, &report.Test{Name: "TestC", Points: 1, Status: report.Pass, Seeds: 1, Passed: 1})
	d.Close()
	assert.Equal(t, "3. paxos  (./labs/paxos, student package paxos/)\n"+
		"ok       paxos/TestA (part A)  4/4  10/10 seeds  1.2s\n"+
		"FAIL     paxos/TestB  0/6  9/10 seeds  0.5s  1 of 10 seeds failed\n"+
		"\nkv  (, student package /)\n"+
		"ok       kv/TestC  1/1  1/1 seeds  0.0s\n", b.String(),
		"no status line, no escapes: the labs' tables, one row per finished test")
}

func TestLiveStatusLine(t *testing.T) {
	var b bytes.Buffer
	d := newDisplay(&b, true, true, 3, false)
	clock := newClock(d)
	d.Start("paxos", "TestA", 3)
	clock.advance(Redraw)
	d.Update("paxos", "TestA", &testrun.Outcome{Seeds: []*testrun.Seed{
		{Status: report.Pass}, {Status: report.Fail}, {Status: report.Pending},
	}})
	d.Done(&report.Lab{Name: "paxos"}, &report.Test{Name: "TestA", Points: 4, Status: report.Fail, Seeds: 3, Passed: 1})
	d.Close()
	out := b.String()
	assert.Contains(t, out, "\r\x1b[K[0/3] paxos TestA  seeds 2/3 (1 failed)  ")
	assert.Contains(t, out, "\r\x1b[K\x1b[1mpaxos\x1b[22m  (")
	assert.Contains(t, out, "\n\x1b[31mFAIL\x1b[0m     paxos/TestA")
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

// clock is a fake time for a display.
type clock struct {
	d *Display
	t time.Time
}

func newClock(d *Display) *clock {
	c := &clock{d: d, t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	d.mu.Lock()
	d.now = func() time.Time { return c.t } // read under d.mu
	d.mu.Unlock()
	return c
}

func (c *clock) advance(dt time.Duration) {
	c.d.mu.Lock()
	c.t = c.t.Add(dt)
	c.d.mu.Unlock()
}

// seeds returns an outcome with done seeds finished and running ones
// started.
func seeds(done, running int) *testrun.Outcome {
	o := &testrun.Outcome{}
	for range done {
		o.Seeds = append(o.Seeds, &testrun.Seed{Status: report.Pass})
	}
	for range running {
		o.Seeds = append(o.Seeds, &testrun.Seed{Status: report.Pending})
	}
	return o
}

func TestStatusLineCountsFinishedOfExpected(t *testing.T) {
	var b bytes.Buffer
	d := newDisplay(&b, true, false, 1, false)
	clock := newClock(d)
	d.Start("election", "TestLossyNetwork", 100)
	clock.advance(Redraw)
	d.Update("election", "TestLossyNetwork", seeds(0, 0))
	assert.Contains(t, b.String(), "election TestLossyNetwork  seeds 0/100  ",
		"the seeds asked for, not the seeds started so far")
	clock.advance(Redraw)
	d.Update("election", "TestLossyNetwork", seeds(40, 60))
	assert.Contains(t, b.String(), "seeds 40/100  ")

	d.Start("election", "TestUnknown", 0)
	clock.advance(Redraw)
	d.Update("election", "TestUnknown", seeds(7, 3))
	assert.Contains(t, b.String(), "election TestUnknown  7 seeds done  ", "a count the grader does not know is not made up")
	d.Close()
}

func TestStatusLineIsThrottled(t *testing.T) {
	var b bytes.Buffer
	d := newDisplay(&b, true, false, 1, false) // no clock ticks, only updates
	clock := newClock(d)
	d.Start("paxos", "TestA", 500)
	before := strings.Count(b.String(), "\r\x1b[K")
	for i := range 500 {
		d.Update("paxos", "TestA", seeds(i, 500-i)) // every event, all at once
	}
	assert.Equal(t, before, strings.Count(b.String(), "\r\x1b[K"), "no redraw within %v of the last", Redraw)
	clock.advance(Redraw)
	d.Update("paxos", "TestA", seeds(500, 0))
	assert.Equal(t, before+1, strings.Count(b.String(), "\r\x1b[K"), "one redraw once %v passed", Redraw)
	assert.True(t, strings.HasSuffix(b.String(), "seeds 500/500  0.2s"), b.String())
	d.Close()
}
