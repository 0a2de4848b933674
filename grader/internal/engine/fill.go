package engine

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/testrun"
	"github.com/distlab/distlab/labs/kit"
)

// maxMessage bounds a test's one-line message.
const maxMessage = 200

// Fill records in t what its run did: status, seeds, failures with their
// replay commands, wall and virtual time, and a one-line message saying
// why it scored what it did. pkg is the lab's package ("./labs/paxos"),
// for replay commands the test did not print itself.
func Fill(t *report.Test, pkg string, o *testrun.Outcome, c testrun.Config) {
	// The child's wall time: the testing package's own measure of a
	// test leaves out its parallel subtests, the seeds.
	t.Wall = o.Wall.Seconds()
	t.Virtual = o.Virtual().Seconds()
	t.Events, t.Seeds, t.Passed = 0, 0, 0
	for _, s := range o.Seeds {
		if s.Summary != nil {
			t.Events += s.Summary.Events
		}
		if s.Seed >= 0 { // a subtest named seed=N; others are the test's own
			t.Seeds++
			if s.Status == testrun.Pass {
				t.Passed++
			}
		}
	}
	if t.Seeds == 0 && (o.Status == testrun.Pass || o.Status == testrun.Fail) {
		t.Seeds = 1 // a test without seeds is one run
		if o.Status == testrun.Pass {
			t.Passed = 1
		}
	}
	t.Failures = nil
	for _, s := range o.Seeds {
		if s.Status == testrun.Pass || s.Status == testrun.Skip {
			continue
		}
		f := failure(t.Name, pkg, s)
		if o.Status == testrun.Crash && s.Output == "" {
			f.Message = fmt.Sprintf("seed %d was running when the test binary died", s.Seed)
		}
		if o.Status == testrun.MemoryLimit && s.Status == testrun.Running {
			f.Message = fmt.Sprintf("seed %d was running when the test was killed at its memory limit", s.Seed)
		}
		t.Failures = append(t.Failures, f)
	}
	// A stuck handler first: the seeds the kit then did not run, and
	// often the time limit, follow from it.
	slices.SortStableFunc(t.Failures, func(a, b report.Failure) int { return failureRank(a) - failureRank(b) })
	t.Output = joinNonEmpty(o.Output, o.Panic, o.Stray)

	switch o.Status {
	case testrun.Pass:
		t.Status, t.Message = report.Pass, ""
		if msg := checkSeeds(t.Name, o, c); msg != "" {
			t.Status, t.Message = report.Fail, msg
		}
	case testrun.Fail:
		t.Status = report.Fail
		t.Message = failMessage(t, o)
	case testrun.Timeout:
		t.Status = report.Timeout
		t.Message = fmt.Sprintf("stopped at the time limit of %v%s: a handler that never returns, or far too slow?", o.Limit, unfinished(o))
	case testrun.MemoryLimit:
		t.Status = report.Memory
		t.Message = fmt.Sprintf("MEMORY LIMIT: the test's processes grew to %s, over the limit of %s%s: a node that keeps everything it ever sees?",
			testrun.FormatBytes(o.Memory), testrun.FormatBytes(c.Memory), unfinished(o))
	case testrun.Crash:
		t.Status = report.Crash
		t.Message = "the test binary died before the test finished" + unfinished(o) + ": " + crashCause(o)
	case testrun.Skip:
		t.Status = report.Skip
		t.Message = "the test skipped itself, which scores 0: " + firstLine(o.Output)
	case testrun.NotRun:
		t.Status = report.NotRun
		t.Message = "the test did not run (does the test binary start? is it still named " + t.Name + "?)"
	}
	t.Message = shorten(t.Message)
}

// failure describes one seed that did not pass.
func failure(test, pkg string, s *testrun.Seed) report.Failure {
	f := report.Failure{Seed: s.Seed, Message: s.Output}
	if m := replayLine.FindStringSubmatch(s.Output); m != nil {
		f.Replay = m[1]
	} else if s.Seed >= 0 {
		f.Replay = ReplayCommand(pkg, test, s.Name, s.Seed)
	}
	if m := porcupineLine.FindStringSubmatch(s.Output); m != nil {
		f.Porcupine = m[1]
	}
	switch {
	case s.Status == testrun.Running:
		f.Message = fmt.Sprintf("seed %d did not finish before the time limit", s.Seed)
	case f.Message == "":
		f.Message = fmt.Sprintf("seed %d failed without a message", s.Seed)
	case report.IsNotRun(f.Message):
		f.NotRun = true
	}
	return f
}

// failureRank orders a test's failures: stuck handlers, other failures,
// seeds still running at the time limit, seeds the kit did not run.
func failureRank(f report.Failure) int {
	switch {
	case f.NotRun:
		return 3
	case report.IsHang(f.Message):
		return 0
	case strings.HasSuffix(f.Message, "did not finish before the time limit"):
		return 2
	}
	return 1
}

var (
	replayLine    = regexp.MustCompile(`(?m)^\s*replay: (go test .*)$`)
	porcupineLine = regexp.MustCompile(`(?m)porcupine's visualization: (\S+\.html)`)
)

// ReplayCommand returns the command that replays one seed with every
// event printed, in the form the kit prints it (kit.ReplayCommand), for
// seeds that never printed theirs (they were still running at the time
// limit).
func ReplayCommand(pkg, test, sub string, seed int64) string {
	return fmt.Sprintf("go test %s -run '^%s$/^%s$' -seed %d -events", pkg, regexp.QuoteMeta(test), regexp.QuoteMeta(sub), seed)
}

// checkSeeds verifies that a passing test ran the seeds asked for: K of
// them when -seeds K was given, and each one the seed the kit derives
// (1..K, or from the salt). Code that tampers with the test binary's
// flags to run other seeds fails here.
func checkSeeds(test string, o *testrun.Outcome, c testrun.Config) string {
	var seeds []*testrun.Seed
	for _, s := range o.Seeds {
		if s.Seed >= 0 { // a subtest named seed=N; others are not the kit's
			seeds = append(seeds, s)
		}
	}
	if len(seeds) == 0 || c.Seed >= 0 {
		return ""
	}
	if c.Seeds > 0 && len(seeds) != c.Seeds {
		return fmt.Sprintf("ran %d seeds, not the %d the grader asked for", len(seeds), c.Seeds)
	}
	want := make([]int64, len(seeds))
	for i := range want {
		if c.Salt == "" {
			want[i] = int64(i + 1)
		} else {
			want[i] = kit.SaltedSeed(c.Salt, test, i)
		}
	}
	for _, s := range seeds {
		if !slices.Contains(want, s.Seed) {
			return fmt.Sprintf("ran seed %s, which the grader did not ask for", strconv.Quote(s.Name))
		}
	}
	return ""
}

func failMessage(t *report.Test, o *testrun.Outcome) string {
	failed, notRun := 0, 0
	for _, f := range t.Failures {
		switch {
		case f.Seed < 0:
		case f.NotRun:
			notRun++
		default:
			failed++
		}
	}
	if failed == 0 && notRun == 0 {
		// The test failed outside its seeds.
		first := joinNonEmpty(o.Output, o.Panic, o.Stray)
		if len(t.Failures) > 0 {
			first = t.Failures[0].Message
		}
		return "failed: " + firstLine(first)
	}
	msg := fmt.Sprintf("%d of %d seeds failed", failed, t.Seeds)
	if notRun > 0 {
		msg = fmt.Sprintf("%d of %d seeds failed, %d not run", failed, t.Seeds, notRun)
	}
	if first := firstLine(t.Failures[0].Message); first != "" {
		msg += "; first: " + first
	}
	return msg
}

// unfinished lists the seeds that had not finished, if any.
func unfinished(o *testrun.Outcome) string {
	var seeds []string
	for _, s := range o.Seeds {
		if s.Status == testrun.Running {
			seeds = append(seeds, strings.TrimPrefix(s.Name, "seed="))
		}
	}
	switch {
	case len(seeds) == 0:
		return ""
	case len(seeds) > 8:
		seeds = append(seeds[:8], "...")
	}
	return " (seeds still running: " + strings.Join(seeds, ", ") + ")"
}

func crashCause(o *testrun.Outcome) string {
	if o.Panic != "" {
		return firstLine(o.Panic)
	}
	if l := lastLine(o.Stray); l != "" {
		return l
	}
	return "it exited without a word (os.Exit in node code?)"
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func shorten(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	return strings.ToValidUTF8(s[:maxMessage-3], "") + "..."
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}
