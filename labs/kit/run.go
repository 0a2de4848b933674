package kit

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/labs/kit/summary"
	"github.com/distlab/distlab/sim"
)

// Run is one seed of a test: it makes the seed's worlds and reports its
// failures with the command that replays them.
type Run struct {
	// Seed is the seed of this run. Every world made with World uses it.
	Seed int64

	t      *testing.T
	s      settings
	worlds []*sim.World
	start  time.Time

	// Checking that the seed replays: the first run records the worlds
	// World makes; a second run compares its worlds with those.
	record   bool
	recs     []*sim.Recording
	against  []*sim.Recording
	compared []*sim.World

	// For the results channel: the seed's first failure (shared with the
	// second run), whether the scenario returned, and the summary.
	out      *outcome
	returned bool
	sum      summary.Summary

	view *viewState // -view, -trace-json, -shiviz; see view.go
	// In a plain go test run, the sweep's one block of failures (see
	// compactReport); nil with -v or -seed.
	compact *compactReport
	choices string // a search failure's schedule, for its replay line; see search.go
}

// T returns the seed's subtest.
func (r *Run) T() *testing.T { return r.t }

// World returns a new world for this seed, configured by opts with the
// seed, trace and watchdog settings filled in from the flags. Bad options
// fail the run.
func (r *Run) World(opts sim.Options) *sim.World {
	r.t.Helper()
	if opts.Seed != 0 && opts.Seed != r.Seed {
		r.Fatalf("kit: World with Options.Seed %d; the run's seed is %d (leave it zero)", opts.Seed, r.Seed)
	}
	opts.Seed = r.Seed
	if r.s.hang != 0 {
		opts.HandlerTimeout = r.s.hang
	}
	var w *sim.World
	if r.s.trace {
		opts.Trace = os.Stdout
		kinds, nodes := r.s.kinds, r.s.nodes
		opts.TraceFilter = func(ev sim.Event) bool {
			if len(kinds) > 0 && !slices.Contains(kinds, ev.Kind) {
				return false
			}
			return len(nodes) == 0 || slices.Contains(nodes, w.Name(ev.Node)) || slices.Contains(nodes, w.Name(ev.Peer))
		}
	}
	w, err := sim.New(opts)
	if err != nil {
		r.Fatalf("%v", err)
	}
	r.planWorld(w) // -schedule; see shrink.go
	if r.s.trace {
		fmt.Printf("=== trace of %s: seed %d, network %s\n", r.t.Name(), r.Seed, w.Net())
	}
	switch {
	case r.record:
		r.recs = append(r.recs, w.Record())
	case r.against != nil:
		i := len(r.compared)
		if i >= len(r.against) {
			r.Fatalf("NONDETERMINISM: the second run of this seed made more worlds than the first (%d)", len(r.against))
		}
		w.Compare(r.against[i])
		r.compared = append(r.compared, w)
		return w // the second run does not count in the summary
	}
	r.viewWorld(w)
	r.worlds = append(r.worlds, w)
	return w
}

// Rand returns a random stream of this seed for test code (workloads,
// fault schedules), independent of the worlds' streams.
func (r *Run) Rand(name string) *rand.Rand {
	a, b := r.Seed, int64(len(name))
	for _, c := range []byte(name) {
		b = b*131 + int64(c)
	}
	return rand.New(rand.NewPCG(uint64(a), uint64(b)))
}

// Logf logs to the seed's subtest (shown with -v or on failure).
func (r *Run) Logf(format string, args ...any) {
	r.t.Helper()
	if r.compact != nil {
		r.compact.log(r.Seed, fmt.Sprintf(format, args...))
	}
	r.t.Logf(format, args...)
}

// Fatalf fails the seed and stops it. The message should say which
// invariant broke and on which nodes; Fatalf adds the seed, the virtual
// time, the network and, last, the command that replays the run.
func (r *Run) Fatalf(format string, args ...any) {
	r.t.Helper()
	msg := fmt.Sprintf(format, args...)
	r.fail(kindOf(msg), msg, "", true)
}

// Errorf fails the seed, like Fatalf, but lets it go on.
func (r *Run) Errorf(format string, args ...any) {
	r.t.Helper()
	msg := fmt.Sprintf(format, args...)
	r.fail(kindOf(msg), msg, "", false)
}

// Failed reports whether the seed has failed so far.
func (r *Run) Failed() bool {
	return r.t.Failed() || r.out.failed()
}

// fail reports a failure of the seed, and stops the seed if stop is set.
// The replay command ends the seed's first failure only: it is the same
// for all. In a plain go test run the failure goes to the sweep's block
// (see compactReport), and the seed's subtest does not fail on its own:
// a stopped seed is skipped.
func (r *Run) fail(kind results.Kind, msg, porcupine string, stop bool) {
	r.t.Helper()
	text := r.failure(kind, msg, porcupine)
	if r.compact != nil {
		r.compact.fail(r.Seed, r.out.kind(kind), strings.TrimSuffix(text, r.replayLine()))
		if stop {
			r.t.SkipNow()
		}
		return
	}
	if !r.out.firstReplay() {
		text = strings.TrimSuffix(text, r.replayLine())
	}
	if stop {
		r.t.Fatal(text)
	}
	r.t.Error(text)
}

// Check fails the seed if err is not nil: a run that ended with an error
// (a panic or a stuck handler in node code, a broken run limit, an
// invariant an observer caught) or any other error of the scenario.
func (r *Run) Check(err error) {
	r.t.Helper()
	if err != nil {
		r.Fatalf("%s", Explain(err))
	}
}

// Explain prefixes a simulator error with what kind of failure it is, in
// the words a student needs: which node, and what to look for.
func Explain(err error) string {
	text := simPrefix.ReplaceAllString(err.Error(), "")
	var (
		perr *sim.PanicError
		herr *sim.HangError
		lerr *sim.LimitError
		ierr *sim.InvariantError
		derr *sim.DivergenceError
	)
	switch {
	case errors.As(err, &herr):
		return "HANG: a handler never returned\n" + text
	case errors.As(err, &perr) && perr.Usage:
		return "MISUSE of the simulator by node code\n" + text
	case errors.As(err, &perr):
		return "PANIC in node code\n" + text
	case errors.As(err, &lerr):
		return "RUN LIMIT broken (runaway node?)\n" + text
	case errors.As(err, &ierr):
		// The failure message states the seed and the virtual time. Its
		// first line says what broke.
		return fmt.Sprintf("INVARIANT broken: %v\nafter event %s", ierr.Err, ierr.Event)
	case errors.As(err, &derr):
		return "NONDETERMINISM\n" + text
	}
	return err.Error()
}

// simPrefix is the "sim: seed N: " that starts a simulator error; the
// failure message states the seed already.
var simPrefix = regexp.MustCompile(`^sim: seed -?\d+: `)

// failure formats a failure message of a kind, replay line included, and
// keeps it, if it is the seed's first, for the results channel, with the
// path of porcupine's page if there is one.
func (r *Run) failure(kind results.Kind, msg, porcupine string) string {
	if r.against != nil && !strings.HasPrefix(msg, "NONDETERMINISM") {
		msg = "NONDETERMINISM: this seed passed, then failed when run again to check that it replays:\n" + msg
		kind = results.Nondeterminism
	}
	text := r.format(msg)
	if r.out != nil {
		r.out.note(failed{kind: kind, message: text, porcupine: porcupine})
	}
	return text
}

// format formats a failure message: the seed, the virtual time, the
// message, the network and the replay command.
func (r *Run) format(msg string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d", r.Seed)
	worlds := r.worlds
	if r.against != nil {
		worlds = r.compared
	}
	if len(worlds) > 0 {
		w := worlds[len(worlds)-1]
		fmt.Fprintf(&b, " at virtual time %s", sim.FormatTime(w.Now()))
	}
	b.WriteString(": ")
	// The message's own lines are indented under its first, like the
	// network and replay lines.
	b.WriteString(strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "\n    "))
	if len(worlds) > 0 {
		fmt.Fprintf(&b, "\n    network: %s", worlds[len(worlds)-1].Net())
	}
	b.WriteString(r.replayLine())
	return b.String()
}

// replayLine is the last line of every failure message.
func (r *Run) replayLine() string {
	return "\n    replay: " + r.replayCommand() + scheduleArg() + r.searchArg() + r.viewLine() + r.shrinkLine()
}

// replayCommand is the command that replays the seed: with -events if
// the seed made a world, so that there are events to print.
func (r *Run) replayCommand() string {
	return results.Replay(packagePath(), r.t.Name(), r.Seed, r.simulated())
}

// simulated reports whether the seed has made a world (a search's
// schedule replays in one).
func (r *Run) simulated() bool {
	return len(r.worlds) > 0 || len(r.compared) > 0 || len(r.recs) > 0 || r.choices != ""
}
