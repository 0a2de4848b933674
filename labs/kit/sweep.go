package kit

import (
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/labs/kit/summary"
	"github.com/distlab/distlab/sim"
)

// Sweep runs scenario once per seed, each as a parallel subtest named
// "seed=N". A test runs defaultSeeds seeds, 1 to defaultSeeds, unless the
// flags say otherwise: -seed N runs seed N alone, -seeds K runs K seeds,
// and -seed-list runs the seeds the grader chose (from its secret salt, so
// that a solution tuned to the public seeds gains nothing).
//
// With -results FILE every seed's outcome also goes to the grader's
// results channel (see package results) when its subtest ends: pass only
// if the scenario returned and nothing failed. With -list-sweeps, Sweep
// records defaultSeeds there and runs nothing.
//
// A seed that fails, panics, hangs or breaks a run limit fails only its
// own subtest, with the reason and the command that replays it; the other
// seeds and tests still run. One exception: a handler stuck in an infinite
// loop cannot be stopped, and keeps a core busy until the process exits,
// so once the watchdog has given up on one, seeds that have not started
// yet fail at once ("not run"), rather than crawl or time out.
//
// The first seed runs twice, the second time compared event by event with
// the first (see sim.World.Compare): code that does not replay exactly, and
// so would make every failure impossible to debug, fails the test with the
// first event where the two runs differed.
func Sweep(t *testing.T, defaultSeeds int, scenario func(r *Run)) {
	t.Helper()
	s, err := parseFlags()
	if err != nil {
		reportError(s, t, err.Error())
		t.Fatal(err)
	}
	if defaultSeeds < 1 {
		msg := fmt.Sprintf("kit: Sweep with %d default seeds; want at least 1", defaultSeeds)
		reportError(s, t, msg)
		t.Fatal(msg)
	}
	ch := channel(s)
	if s.listing {
		if err := ch.Write(results.Record{Type: results.TypeSweep, Test: topLevel(t.Name()), DefaultSeeds: defaultSeeds}); err != nil {
			t.Fatal(err)
		}
		return
	}
	seeds := seedList(s, defaultSeeds)
	var compact *compactReport
	if s.seed < 0 && !testing.Verbose() {
		compact = newCompactReport(len(seeds))
		t.Cleanup(func() {
			t.Helper()
			if block := compact.String(); block != "" {
				t.Error(block)
			}
		})
	}
	for i, seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			if s.seed < 0 {
				t.Parallel()
			}
			r := &Run{t: t, Seed: seed, s: s, start: time.Now(), record: i == 0 && !s.trace, out: &outcome{}, compact: compact}
			if ch != nil {
				// The testing package keeps a subtest's cleanups reachable
				// until its parent test ends: once reported, the seed lets
				// go of its worlds, or a sweep of many seeds would hold
				// every one of them in memory.
				t.Cleanup(func() {
					r.report(ch, r.sum)
					r.worlds, r.recs, r.against, r.compared = nil, nil, nil, nil
				})
			}
			if compact != nil {
				t.Cleanup(func() {
					compact.end(seed, r.sum.Events, r.sum.Simulated, r.replayLine(), t.Failed())
				})
			}
			t.Cleanup(r.offerShrink) // -shrink; see shrink.go
			defer r.finish()
			if n := sim.Stuck(); n > 0 {
				r.Fatalf("not run: %d stuck handler(s) of earlier seeds still run in this test process and hold the CPU (see the HANG failures); this seed replays on its own with the command below", n)
			}
			scenario(r)
			if r.record && len(r.recs) > 0 && !r.Failed() {
				r.replay(scenario)
			}
			r.returned = true
		})
	}
}

// reportError reports on the channel, if there is one, a test that could
// not run its seeds.
func reportError(s settings, t *testing.T, msg string) {
	if ch := channel(s); ch != nil {
		if err := ch.Write(results.Record{Type: results.TypeError, Test: topLevel(t.Name()), Message: msg}); err != nil {
			t.Error(err)
		}
	}
}

// replay runs the scenario of a seed that passed a second time, comparing
// each world it makes with the first run's, and fails the seed if they
// differ.
func (r *Run) replay(scenario func(r *Run)) {
	r.t.Helper()
	r2 := &Run{t: r.t, Seed: r.Seed, s: r.s, start: time.Now(), against: r.recs, out: r.out, compact: r.compact}
	scenario(r2)
	if len(r2.compared) < len(r.recs) {
		r2.Fatalf("NONDETERMINISM: the second run of this seed made %d worlds, the first %d", len(r2.compared), len(r.recs))
	}
	for i, w := range r2.compared {
		if err := r.recs[i].Check(w); err != nil {
			r2.Fatalf("%s", Explain(err))
		}
	}
}

// seedList returns the seeds a test runs: -seed N alone, the grader's
// -seed-list, or 1..K for K the test's default or -seeds K.
func seedList(s settings, defaultSeeds int) []int64 {
	switch {
	case s.seed >= 0:
		return []int64{s.seed}
	case s.list != nil:
		return s.list
	}
	n := defaultSeeds
	if s.seeds > 0 {
		n = s.seeds
	}
	seeds := make([]int64, n)
	for i := range seeds {
		seeds[i] = int64(i + 1)
	}
	return seeds
}

// finish turns a panic of the scenario into a failure of its seed, and logs
// the seed's one-line summary (shown with -v).
func (r *Run) finish() {
	if p := recover(); p != nil {
		msg := fmt.Sprintf("seed %d: the test panicked: %s\n%s", r.Seed, panicText(p), debug.Stack())
		r.out.note(failed{kind: results.Panic, message: msg + r.replayLine()})
		switch {
		case r.compact != nil:
			r.compact.fail(r.Seed, results.Panic, msg)
		case r.out.firstReplay():
			r.t.Error(msg + r.replayLine())
		default:
			r.t.Error(msg)
		}
	}
	r.checkEventNodes()
	r.summary()
}

// panicText prints a panic value, or its type if printing it panics (a
// value of student code whose Error method panics).
func panicText(p any) (s string) {
	defer func() {
		if recover() != nil {
			s = fmt.Sprintf("a %T whose Error or String method panics", p)
		}
	}()
	return fmt.Sprint(p)
}

// checkEventNodes fails the seed if -nodes names a node no world of
// it had: a misspelt name would otherwise filter out every event.
func (r *Run) checkEventNodes() {
	if len(r.s.nodes) == 0 || len(r.worlds) == 0 {
		return
	}
	var known []string
	for _, w := range r.worlds {
		for _, id := range w.Nodes() {
			if name := w.Name(id); !slices.Contains(known, name) {
				known = append(known, name)
			}
		}
	}
	for _, name := range r.s.nodes {
		if !slices.Contains(known, name) {
			r.t.Errorf("kit: -nodes: no node is named %q in this test; its nodes are %s", name, strings.Join(known, ", "))
		}
	}
}

// summary logs the seed's one-line summary (see package summary) and
// keeps it for the channel.
func (r *Run) summary() {
	s := summary.Summary{Seed: r.Seed, Wall: time.Since(r.start), Simulated: len(r.worlds) > 0}
	for _, w := range r.worlds {
		s.Events += w.Stats().Events
		s.Virtual += w.Now()
		s.Fingerprint = s.Fingerprint*31 ^ w.Fingerprint()
	}
	r.sum = s
	r.t.Log(s.String())
}
