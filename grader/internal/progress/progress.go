// Package progress shows a grading run as it goes: each finished test
// prints its row of its lab's table (report.Row), and on a terminal a
// status line below them, redrawn in place, shows the test running, its
// seeds done and failed and the time it has taken.
package progress

import (
	"fmt"
	"io"
	"sync"
	"time"

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
	lab      *report.Lab // of the last row printed
	status   string      // what is running, without the clock
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
	finished, failed := len(o.Seeds)-o.Count(report.Pending), o.Count(report.Fail)
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

// Done prints the row of a finished test, below its lab's head if it is
// the first of its lab: the tests finish lab by lab, so the rows make
// the labs' tables (see report.Row).
func (d *Display) Done(lab *report.Lab, t *report.Test) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done++
	d.clear()
	if lab != d.lab {
		if d.lab != nil {
			fmt.Fprintln(d.w)
		}
		d.lab = lab
		fmt.Fprint(d.w, report.LabHead(lab, d.color))
	}
	fmt.Fprintln(d.w, report.Row(lab, t, d.color))
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
