package kit

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/sim"
)

// Shrinking a failing seed. A seed's run is its seed and its faults: the
// messages the network lost and duplicated, the crashes, pauses and
// network changes, and the messages' delays. Every world records its
// faults (sim.World.Faults), and -schedule runs a seed with a given set
// of them instead of the random ones (sim.FaultPlan). -shrink takes the
// faults of a failing seed and delta-debugs them (sim.ShrinkFaults): it
// runs the seed again without half of them, a quarter, ..., one, keeping
// each smaller set with which the seed still fails the same way (the same
// kind of failure, with the same first line, numbers aside) in no more
// events, then halves every delay while it still does. Each candidate runs in a new process
// of the test binary (a failing candidate stops its test with
// runtime.Goexit, as every failure does), so shrinking takes as many runs
// of the seed as it tries candidates, up to -shrink-tries.

// ShrinkOutcome is how one run of a seed went, as the shrinker sees it.
type ShrinkOutcome struct {
	Failed   bool         `json:"failed"`
	Kind     results.Kind `json:"kind,omitempty"`
	Reason   string       `json:"reason,omitempty"` // the failure's first line of its own, numbers as #
	First    string       `json:"first,omitempty"`  // the failure's first line
	Events   uint64       `json:"events"`           // events of every world of the run
	Faults   int          `json:"faults"`           // faults of every world of the run
	Schedule string       `json:"schedule"`         // the faults, as -schedule reads them
}

// sameFailure reports whether o fails the way of want.
func (o ShrinkOutcome) sameFailure(want ShrinkOutcome) bool {
	return o.Failed && o.Kind == want.Kind && o.Reason == want.Reason
}

// ShrinkResult is a shrunk seed: its run before and after.
type ShrinkResult struct {
	Test          string // the seed's subtest, e.g. "TestSwarm/seed=17"
	Seed          int64
	Before, After ShrinkOutcome
	Tries         int // candidate runs
}

// Replay is the command that runs the shrunk schedule with its events.
func (s *ShrinkResult) Replay() string {
	return ReplayCommand(s.Test, s.Seed) + " -schedule " + s.After.Schedule
}

func (s *ShrinkResult) String() string {
	return fmt.Sprintf("shrink: seed %d: %d faults and %d events shrunk to %d faults and %d events in %d runs, failing the same way (%s)"+
		"\n    schedule: %s\n    replay: %s",
		s.Seed, s.Before.Faults, s.Before.Events, s.After.Faults, s.After.Events, s.Tries, s.Before.Reason,
		s.After.Schedule, s.Replay())
}

// ShrinkSeed shrinks a failing seed of a test of this test binary: test is
// the seed's subtest ("TestSwarm/seed=17") of a test that runs Sweep, and
// schedule the faults to start from ("": the seed's random ones). At most
// tries candidates run (0: sim.DefaultShrinkTries). It fails if the seed
// passes.
func ShrinkSeed(test string, seed int64, schedule string, tries int) (*ShrinkResult, error) {
	before, err := ProbeSeed(test, seed, schedule)
	if err != nil {
		return nil, err
	}
	if !before.Failed {
		return nil, fmt.Errorf("kit: shrink: %s passes (with -schedule %q): nothing to shrink", test, schedule)
	}
	plans, err := parseSchedule(before.Schedule)
	if err != nil {
		return nil, err
	}
	var probeErr error
	best := before
	_, ran := sim.ShrinkFaults(plans, tries, func(c []sim.FaultPlan) bool {
		o, err := ProbeSeed(test, seed, formatSchedule(c))
		if err != nil {
			probeErr = err
			return false
		}
		if !o.sameFailure(before) || o.Events > before.Events {
			return false
		}
		best = o
		return true
	})
	if probeErr != nil && best.Schedule == before.Schedule {
		return nil, probeErr
	}
	// The faults that happened in the last candidate that failed are the
	// shrunk schedule: those it planned but its run never reached are left
	// out. Run it once more: it is the run the schedule replays.
	after, err := ProbeSeed(test, seed, best.Schedule)
	if err != nil {
		return nil, err
	}
	if !after.sameFailure(before) {
		return nil, fmt.Errorf("kit: shrink: %s -schedule %s does not fail as it did (%s %s)", test, best.Schedule, after.Kind, after.First)
	}
	return &ShrinkResult{Test: test, Seed: seed, Before: before, After: after, Tries: ran + 2}, nil
}

// ProbeSeed runs one seed of a test of this test binary in a new process,
// with the faults of schedule ("": its random ones), and returns how it
// went.
func ProbeSeed(test string, seed int64, schedule string) (ShrinkOutcome, error) {
	dir, err := os.MkdirTemp("", "distlab-shrink-")
	if err != nil {
		return ShrinkOutcome{}, fmt.Errorf("kit: shrink: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "probe.json")
	// -rules=false: this process checked the rules before its tests ran,
	// and a candidate's check would cost more than its run.
	args := []string{"-test.run", runPattern(test), "-seed", strconv.FormatInt(seed, 10), "-shrink.probe", file, "-rules=false"}
	if schedule != "" {
		args = append(args, "-schedule", schedule)
	}
	if *hangFlag != 0 {
		args = append(args, "-handler-timeout", hangFlag.String())
	}
	out, runErr := exec.Command(os.Args[0], args...).CombinedOutput()
	data, err := os.ReadFile(file)
	if err != nil {
		return ShrinkOutcome{}, fmt.Errorf("kit: shrink: %s seed %d did not run (%v):\n%s", test, seed, errors.Join(runErr, err), tail(string(out), 2000))
	}
	var o ShrinkOutcome
	if err := json.Unmarshal(data, &o); err != nil {
		return o, fmt.Errorf("kit: shrink: %w", err)
	}
	return o, nil
}

// runPattern is the -run pattern of exactly one (sub)test.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// Probing reports whether this test binary runs as the shrinker's
// candidate run (with -shrink.probe): a test that exists to be shrunk (a
// deliberately buggy node) runs only then.
func Probing() bool { return *probeFlag != "" }

// shrinkMu lets one seed of the binary shrink at a time: each candidate
// is a process, and the seeds run in parallel.
var shrinkMu sync.Mutex

// offerShrink runs when a seed's subtest ends (a cleanup): a candidate run
// writes its outcome for the shrinker; a failing seed shrinks with
// -shrink, and otherwise logs the command that would shrink it.
func (r *Run) offerShrink() {
	if *probeFlag != "" {
		r.writeProbe(*probeFlag)
		return
	}
	first := r.firstFailure()
	if !r.Failed() || first == nil || len(r.worlds) == 0 {
		return
	}
	switch first.kind {
	case results.Nondeterminism, results.NotRun, results.Hang:
		return // not a failure that its faults decide, or too slow to run again
	}
	if !*shrinkFlag {
		return // the failure's shrink: line offers it
	}
	shrinkMu.Lock()
	defer shrinkMu.Unlock()
	res, err := ShrinkSeed(r.t.Name(), r.Seed, *scheduleFlag, *shrinkTries)
	if err != nil {
		r.t.Errorf("%v", err)
		return
	}
	r.t.Log(res.String())
}

// firstFailure returns the seed's first failure, or nil.
func (r *Run) firstFailure() *failed {
	if r.out == nil {
		return nil
	}
	r.out.mu.Lock()
	defer r.out.mu.Unlock()
	return r.out.first
}

// writeProbe writes the seed's outcome for the shrinker.
func (r *Run) writeProbe(file string) {
	o := ShrinkOutcome{Failed: r.Failed()}
	var plans []sim.FaultPlan
	for _, w := range r.worlds {
		o.Events += w.Stats().Events
		p := w.Faults()
		o.Faults += p.Len()
		plans = append(plans, p)
	}
	o.Schedule = formatSchedule(plans)
	if f := r.firstFailure(); f != nil {
		o.Kind, o.First, o.Reason = f.kind, firstLine(f.message), failureReason(f.message)
	} else if o.Failed {
		o.Kind = results.Failed
	}
	data, err := json.Marshal(o)
	if err == nil {
		err = os.WriteFile(file, data, 0o600)
	}
	if err != nil {
		r.t.Errorf("kit: shrink: %v", err)
	}
}

// failureReason is the first line of a failure message's own text (after
// "seed N at virtual time T: ", or the line after a bare "INVARIANT
// broken"), with every number written #, so that the same failure at
// another time, term or node has the same reason.
func failureReason(msg string) string {
	lines := strings.Split(msg, "\n")
	first := lines[0]
	if _, rest, ok := strings.Cut(first, ": "); ok && strings.HasPrefix(first, "seed ") {
		first = rest
	}
	if first == "INVARIANT broken" && len(lines) > 1 {
		first += ": " + strings.TrimSpace(lines[1])
	}
	return digits.ReplaceAllString(first, "#")
}

var digits = regexp.MustCompile(`[0-9]+`)

// planWorld sets the fault plan of -schedule on the seed's next world.
func (r *Run) planWorld(w *sim.World) {
	if *scheduleFlag == "" {
		return
	}
	if r.s.seed < 0 {
		r.Fatalf("kit: -schedule runs the faults of one seed's run: add -seed N (the shrinker's replay line has both)")
	}
	plans, err := parseSchedule(*scheduleFlag)
	if err != nil {
		r.Fatalf("%v", err)
	}
	i := len(r.worlds)
	if r.against != nil {
		i = len(r.compared)
	}
	if i < len(plans) {
		w.SetFaultPlan(plans[i])
	}
}

// scheduleArg is the -schedule of this run, for its replay line.
func scheduleArg() string {
	if *scheduleFlag == "" {
		return ""
	}
	return " -schedule " + *scheduleFlag
}

// shrinkLine is the failure's offer to shrink the seed: the command that
// runs it again with -shrink, for a seed that ran a simulation (a run with
// no world has no faults to take away).
func (r *Run) shrinkLine() string {
	if len(r.worlds) == 0 || r.choices != "" {
		return ""
	}
	return "\n    shrink: " + strings.TrimSuffix(ReplayCommand(r.t.Name(), r.Seed), " -events") + scheduleArg() + " -shrink"
}
