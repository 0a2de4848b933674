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

// Redraw is how often, at most, the status line is redrawn as a test's
// seeds finish; a clock tick redraws it as often when nothing happens.
const Redraw = 200 * time.Millisecond

// Display prints progress to a writer. Its methods may be called from
// any goroutine.
type Display struct {
	w     io.Writer
	live  bool
	color bool
	total int
	now   func() time.Time // time.Now; tests set it

	mu       sync.Mutex
	done     int
	status   string // what is running, without the clock
	since    time.Time
	expected int       // seeds the running test is to run; 0: unknown
	lastDraw time.Time // when the status line was last drawn
	drawn    bool
	stop     chan struct{}
	finished chan struct{}
}

// New returns a display for a run of total tests. live redraws a status
// line (for a terminal); colors paints the statuses.
func New(w io.Writer, live, colors bool, total int) *Display {
	return newDisplay(w, live, colors, total, live)
}

// newDisplay is New; tick says whether a clock redraws the status line
// (tests turn it off).
func newDisplay(w io.Writer, live, colors bool, total int, tick bool) *Display {
	d := &Display{w: w, live: live, color: colors, total: total, now: time.Now}
	if tick {
		d.stop = make(chan struct{})
		d.finished = make(chan struct{})
		go d.tick()
	}
	return d
}

// tick redraws the status line so that its clock moves.
func (d *Display) tick() {
	defer close(d.finished)
	t := time.NewTicker(Redraw)
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

// Start says a test started that is to run expected seeds (0: unknown).
func (d *Display) Start(lab, test string, expected int) {
	d.mu.Lock()
	d.expected = expected
	d.mu.Unlock()
	d.set(fmt.Sprintf("%s %s", lab, test))
}

// Update shows how far the running test's seeds are: those finished, of
// those expected. It is called on every event of the test, so it redraws
// the status line at most once per Redraw.
func (d *Display) Update(lab, test string, o *testrun.Outcome) {
	if !d.live {
		return
	}
	finished, failed := 0, 0
	for _, s := range o.Seeds {
		switch s.Status {
		case report.Pending:
		case report.Fail:
			failed++
			finished++
		default:
			finished++
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var st string
	if d.expected > 0 {
		st = fmt.Sprintf("%s %s  seeds %d/%d", lab, test, finished, max(d.expected, len(o.Seeds)))
	} else {
		st = fmt.Sprintf("%s %s  %d seeds done", lab, test, finished)
	}
	if failed > 0 {
		st += fmt.Sprintf(" (%d failed)", failed)
	}
	if d.status != st {
		d.status = st // keeps since: the clock is the test's
		if d.now().Sub(d.lastDraw) >= Redraw {
			d.draw()
		}
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
	if d.stop != nil {
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
	d.since = d.now()
	d.draw()
}

// draw writes the status line, on a terminal. The caller holds mu.
func (d *Display) draw() {
	if !d.live || d.status == "" {
		return
	}
	now := d.now()
	fmt.Fprintf(d.w, "\r\033[K[%d/%d] %s  %.1fs", d.done, d.total, d.status, now.Sub(d.since).Seconds())
	d.drawn = true
	d.lastDraw = now
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
