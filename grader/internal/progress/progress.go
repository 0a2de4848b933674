// Package progress shows a grading run as it goes: on a terminal, a
// status line redrawn in place (the test running, its seeds done and
// failed, the time it has taken) above which each finished test prints
// its row; elsewhere (CI logs, files), just one plain line per finished
// test.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/testrun"
)

// Display prints progress to a writer. Its methods may be called from
// any goroutine.
type Display struct {
	w     io.Writer
	live  bool
	color bool
	total int

	mu       sync.Mutex
	done     int
	status   string // what is running, without the clock
	since    time.Time
	drawn    bool
	stop     chan struct{}
	finished chan struct{}
}

// New returns a display for a run of total tests. live redraws a status
// line (for a terminal); colors paints the statuses.
func New(w io.Writer, live, colors bool, total int) *Display {
	d := &Display{w: w, live: live, color: colors, total: total}
	if live {
		d.stop = make(chan struct{})
		d.finished = make(chan struct{})
		go d.tick()
	}
	return d
}

// tick redraws the status line so that its clock moves.
func (d *Display) tick() {
	defer close(d.finished)
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-t.C:
			d.mu.Lock()
			d.draw()
			d.mu.Unlock()
		}
	}
}

// Building says a lab is being built.
func (d *Display) Building(lab string) {
	d.set(fmt.Sprintf("building %s", lab))
}

// Start says a test started.
func (d *Display) Start(lab, test string) {
	d.set(fmt.Sprintf("%s %s", lab, test))
}

// Update shows how far the running test's seeds are.
func (d *Display) Update(lab, test string, o *testrun.Outcome) {
	if !d.live {
		return
	}
	finished, failed := 0, 0
	for _, s := range o.Seeds {
		switch s.Status {
		case testrun.Running:
		case testrun.Fail:
			failed++
			finished++
		default:
			finished++
		}
	}
	st := fmt.Sprintf("%s %s  seeds %d/%d", lab, test, finished, len(o.Seeds))
	if failed > 0 {
		st += fmt.Sprintf(" (%d failed)", failed)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.status != st {
		d.status = st // keeps since: the clock is the test's
		d.draw()
	}
}

// Done prints the row of a finished test.
func (d *Display) Done(lab *report.Lab, t *report.Test) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done++
	d.clear()
	fmt.Fprintln(d.w, d.row(lab, t))
	d.status = "" // until the next test starts
}

// Close removes the status line and stops redrawing it.
func (d *Display) Close() {
	if d.live {
		close(d.stop)
		<-d.finished
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.clear()
	d.status = ""
}

// row is the line of a finished test:
//
//	ok       paxos/TestBasic (part A)  10/10  20 seeds  1.3s
func (d *Display) row(lab *report.Lab, t *report.Test) string {
	label := report.Label(t.Status)
	var b strings.Builder
	b.WriteString(d.paint(t.Status, label))
	b.WriteString(strings.Repeat(" ", max(1, 9-len(label))))
	b.WriteString(lab.Name + "/" + t.Name)
	if t.Part != "" {
		fmt.Fprintf(&b, " (part %s)", t.Part)
	}
	fmt.Fprintf(&b, "  %d/%d", t.Score(), t.Points)
	if t.Seeds > 0 {
		fmt.Fprintf(&b, "  %d/%d seeds", t.Passed, t.Seeds)
	}
	fmt.Fprintf(&b, "  %s", report.FormatWall(t.Wall))
	if t.Status != report.Pass && t.Message != "" {
		b.WriteString("  " + t.Message)
	}
	return b.String()
}

func (d *Display) set(status string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.status = status
	d.since = time.Now()
	d.draw()
}

// draw writes the status line, on a terminal. The caller holds mu.
func (d *Display) draw() {
	if !d.live || d.status == "" {
		return
	}
	fmt.Fprintf(d.w, "\r\033[K[%d/%d] %s  %.1fs", d.done, d.total, d.status, time.Since(d.since).Seconds())
	d.drawn = true
}

// clear erases the status line. The caller holds mu.
func (d *Display) clear() {
	if d.drawn {
		fmt.Fprint(d.w, "\r\033[K")
		d.drawn = false
	}
}

func (d *Display) paint(st report.Status, s string) string {
	if !d.color {
		return s
	}
	attr := color.FgRed
	switch st {
	case report.Pass:
		attr = color.FgGreen
	case report.Skip, report.Pending:
		attr = color.FgYellow
	}
	c := color.New(attr)
	c.EnableColor()
	return c.Sprint(s)
}
