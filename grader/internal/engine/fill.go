package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/testrun"
	"github.com/distlab/distlab/labs/kit/results"
)

// maxMessage bounds a test's one-line message.
const maxMessage = 200

// Fill records in t what its run did: status, seeds, failures with their
// replay commands, wall and virtual time, and a one-line message saying
// why it scored what it did. pkg is the lab's package ("./labs/paxos"),
// for replay commands of seeds that reported none. Everything about the
// seeds comes from the results channel (o.Seeds); the test's output is
// kept only as text for people, and only for a test that did not pass.
//
// With salted seeds (c.Salt), only the first failing seed is listed; the
// others are counted in t.Withheld, and no other seed appears in the
// output: the seeds are the grading secret.
func Fill(t *report.Test, pkg string, o *testrun.Outcome, c testrun.Config) {
	// The child's wall time: the testing package's own measure of a
	// test leaves out its parallel subtests, the seeds.
	t.Wall = o.Wall.Seconds()
	t.Virtual = o.Virtual().Seconds()
	t.Events = o.Events()
	t.Seeds, t.Passed = len(o.Seeds), o.Count(report.Pass)
	t.Failures, t.Withheld = nil, 0
	for _, s := range o.Seeds {
		if s.Status != report.Pass && s.Status != report.Skip {
			t.Failures = append(t.Failures, failure(t.Name, pkg, s, o.Status))
		}
	}
	// A stuck handler first: the seeds the kit then did not run, and
	// often the time limit, follow from it.
	slices.SortStableFunc(t.Failures, func(a, b report.Failure) int { return failureRank(a) - failureRank(b) })
	t.Status = o.Status
	switch o.Status {
	case report.Pass:
		t.Message = ""
	case report.Fail:
		t.Message = failMessage(t, o)
	case report.Timeout:
		t.Message = fmt.Sprintf("stopped at the time limit of %v%s: a handler that never returns, or far too slow?", o.Limit, unfinished(o))
	case report.Memory:
		t.Message = fmt.Sprintf("MEMORY LIMIT: the test's processes grew to %s, over the limit of %s%s: a node that keeps everything it ever sees?",
			testrun.FormatBytes(o.Memory), testrun.FormatBytes(c.Memory), unfinished(o))
	case report.Crash:
		t.Message = "the test binary died before the test finished" + unfinished(o) + ": " + crashCause(o)
	case report.Skip:
		t.Message = "the test skipped itself, which scores 0: " + firstLine(o.Output)
	case report.NotRun:
		t.Message = "the test did not run (does the test binary start? is it still named " + t.Name + "?)"
		if o.Missing != "" {
			t.Message += "; " + o.Missing
		}
	}
	t.Message = shorten(t.Message)
	// Stray output of a test that passed is never shown.
	t.Output = ""
	if o.Status != report.Pass {
		t.Output = joinNonEmpty(o.Output, o.Panic, o.Stray)
	}
	if c.Salt != "" && len(t.Failures) > 0 {
		// Only the first failing seed: the others are the secret.
		var shown int64 = t.Failures[0].Seed
		for _, f := range t.Failures[1:] {
			if f.Seed != shown {
				t.Withheld++
			}
		}
		t.Failures = t.Failures[:1]
		var secret []int64
		for _, s := range o.Seeds {
			if s.Seed != shown {
				secret = append(secret, s.Seed)
			}
		}
		t.Message = redact(t.Message, secret)
		t.Output = redact(t.Output, secret)
	}
}

// failure describes one seed that did not pass.
func failure(test, pkg string, s *testrun.Seed, st report.Status) report.Failure {
	f := report.Failure{Seed: s.Seed, Message: s.Message, Kind: string(s.Kind), Replay: s.Replay, Porcupine: s.Porcupine}
	if f.Replay == "" {
		f.Replay = results.ReplayCommand(pkg, fmt.Sprintf("%s/seed=%d", test, s.Seed), s.Seed)
	}
	switch {
	case s.Status == report.Pending && st == report.Timeout:
		f.Kind, f.Message = "TIMEOUT", fmt.Sprintf("seed %d did not finish before the time limit", s.Seed)
	case s.Status == report.Pending && st == report.Memory:
		f.Kind, f.Message = "MEMORY", fmt.Sprintf("seed %d was running when the test was killed at its memory limit", s.Seed)
	case s.Status == report.Pending && st == report.Crash:
		f.Kind, f.Message = "CRASH", fmt.Sprintf("seed %d was running when the test binary died", s.Seed)
	case s.Status == report.Pending:
		f.Kind, f.Message = "MISSING", fmt.Sprintf("seed %d reported no result (results missing)", s.Seed)
	case f.Message == "":
		f.Message = fmt.Sprintf("seed %d failed without a message", s.Seed)
	}
	f.NotRun = s.Kind == results.NotRun
	return f
}

// failureRank orders a test's failures: stuck handlers, other failures,
// seeds that reported nothing, seeds the kit did not run.
func failureRank(f report.Failure) int {
	switch {
	case f.NotRun:
		return 3
	case f.Kind == string(results.Hang):
		return 0
	case f.Kind == "TIMEOUT", f.Kind == "CRASH", f.Kind == "MEMORY", f.Kind == "MISSING":
		return 2
	}
	return 1
}

// redact replaces each secret seed in s, in decimal and in hexadecimal
// (as stack traces print arguments), with "N".
func redact(s string, seeds []int64) string {
	if s == "" || len(seeds) == 0 {
		return s
	}
	var pairs []string
	for _, n := range seeds {
		pairs = append(pairs, strconv.FormatInt(n, 10), "N", fmt.Sprintf("0x%x", n), "0xN")
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

func failMessage(t *report.Test, o *testrun.Outcome) string {
	failed, notRun := 0, 0
	for _, s := range o.Seeds {
		switch {
		case s.Kind == results.NotRun:
			notRun++
		case s.Status == report.Fail:
			failed++
		}
	}
	switch {
	case o.Error != "":
		return "failed: " + firstLine(o.Error)
	case failed == 0 && notRun == 0 && o.Missing != "":
		return o.Missing
	case failed == 0 && notRun == 0:
		// The test failed outside its seeds.
		return "failed: " + firstLine(joinNonEmpty(o.Output, o.Panic, o.Stray))
	}
	msg := fmt.Sprintf("%d of %d seeds failed", failed, t.Seeds)
	if notRun > 0 {
		msg += fmt.Sprintf(", %d not run", notRun)
	}
	if first := firstLine(t.Failures[0].Message); first != "" {
		msg += "; first: " + first
	}
	if o.Missing != "" {
		msg = o.Missing + "; " + msg
	}
	return msg
}

// unfinished lists the seeds that had not finished, if any.
func unfinished(o *testrun.Outcome) string {
	var seeds []string
	for _, s := range o.Seeds {
		if s.Status == report.Pending {
			seeds = append(seeds, strconv.FormatInt(s.Seed, 10))
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
	return cmp.Or(firstLine(o.Panic), lastLine(o.Stray), "it exited without a word (os.Exit in node code?)")
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
