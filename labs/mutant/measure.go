package mutant

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// maxSeeds bounds the seeds Measure runs of one test to estimate how
// often it catches a mutant.
const maxSeeds = 1000

// Plan says how Measure runs a mutant.
type Plan struct {
	// FailFast stops as soon as the escape bound is at most MaxEscape:
	// each run stops at its first failing test (go test -failfast), and
	// only if the tests so far do not bound the escape chance well
	// enough does the next run go on with the tests not yet run. Without
	// it (grader mutants) every test runs.
	FailFast bool
	// Args are more flags for go test and the test binary (-run,
	// -seeds, -timeout), for every run.
	Args []string
	// Grading returns how many seeds a graded run of a test runs, given
	// the seeds it ran the first time (0 for a test that is not a seed
	// sweep); 0 if the test is not graded. Nil grades every test at the
	// seeds it ran (and a test that is not a sweep at 1).
	Grading func(test string, ran int) int
}

// Measurement is what Measure found out about a mutant.
type Measurement struct {
	Mutant Mutant
	// Tests are the top-level tests that ran, in the order they
	// finished. A test that ran again with more seeds has the counts of
	// that run.
	Tests []TestResult
	// Escape is the upper bound on the chance that fresh grading seeds
	// miss the mutant (see Escape).
	Escape float64
	Runs   int    // go test runs it took
	Output string // everything the tests printed, run after run
}

// Caught reports whether any test failed.
func (m Measurement) Caught() bool { return len(m.Failed()) > 0 }

// Failed returns the tests that failed, in the order they finished.
func (m Measurement) Failed() []string { return m.names(true) }

// Passed returns the tests that passed, in the order they finished.
func (m Measurement) Passed() []string { return m.names(false) }

func (m Measurement) names(failed bool) []string {
	var out []string
	for _, t := range m.Tests {
		if t.Failed == failed {
			out = append(out, t.Name)
		}
	}
	return out
}

// Measure runs the lab's tests on mutant m (see Run) and estimates how
// often fresh grading seeds would miss it. After the runs the plan asks
// for, if the escape bound is above MaxEscape only because the graded
// sweeps that caught the mutant ran too few seeds to say so with
// confidence (a test of 3 seeds that fails all 3 bounds its per-seed
// catch chance only by 0.37), those tests run once more, alone, with more
// seeds: at least three times as many, and twice as many as it would take
// to bring the bound under MaxEscape if they all failed, up to 1000. (A
// sweep that failed only on its first seed, the one the kit replays, is
// left alone: its other seeds passed, and more of them would too.) Their grading
// seed counts stay as they were: more seeds only sharpen the estimate.
func Measure(ctx context.Context, root, pkg string, m Mutant, plan Plan) (Measurement, error) {
	meas := Measurement{Mutant: m}
	var out strings.Builder
	defer func() { meas.Output = out.String() }()
	grading := plan.Grading
	if grading == nil {
		grading = func(_ string, ran int) int { return max(ran, 1) }
	}
	index := map[string]int{}
	record := func(res Result, rerun bool) {
		out.WriteString(res.Output)
		meas.Runs++
		for _, t := range res.Tests {
			i, seen := index[t.Name]
			switch {
			case !seen:
				t.Grading = grading(t.Name, t.Seeds)
				index[t.Name] = len(meas.Tests)
				meas.Tests = append(meas.Tests, t)
			case rerun && t.Seeds > meas.Tests[i].Seeds:
				t.Grading = meas.Tests[i].Grading
				meas.Tests[i] = t
			}
		}
		meas.Escape = Escape(meas.Tests)
	}

	ran := []string{"TestMutantsAreCaught"}
	for {
		args := slices.Clone(plan.Args)
		if plan.FailFast {
			args = append(args, "-failfast")
		}
		args = append(args, "-skip", anchored(ran))
		res, err := Run(ctx, root, pkg, m, args...)
		if err != nil {
			return meas, err
		}
		record(res, false)
		if !plan.FailFast || !res.Caught() || meas.Escape <= MaxEscape {
			break
		}
		for _, t := range res.Tests {
			ran = append(ran, t.Name)
		}
	}

	if meas.Escape <= MaxEscape {
		return meas, nil
	}
	// The graded sweeps that caught it and whose seeds could tell more:
	// some seed after the first failed too, or there was only one.
	var weak []string
	for _, t := range meas.Tests {
		others := t.FailedSeeds
		if t.FirstFailed {
			others--
		}
		if t.Failed && t.Grading > 0 && t.FailedSeeds > 0 && (others > 0 || t.Seeds == 1) {
			weak = append(weak, t.Name)
		}
	}
	if len(weak) == 0 {
		return meas, nil
	}
	alpha := (1 - Confidence) / float64(len(weak)+1)
	seeds, more := 0, false
	for _, name := range weak {
		t := meas.Tests[index[name]]
		seeds = max(seeds, 3*t.Seeds, 2*seedsToBound(t.Grading, alpha)+1)
	}
	seeds = min(seeds, maxSeeds)
	for _, name := range weak {
		more = more || meas.Tests[index[name]].Seeds < seeds
	}
	if !more {
		return meas, nil
	}
	args := append(slices.Clone(plan.Args), "-run", anchored(weak), "-seeds", fmt.Sprint(seeds))
	res, err := Run(ctx, root, pkg, m, args...)
	if err != nil {
		return meas, err
	}
	record(res, true)
	return meas, nil
}

// anchored returns a -run or -skip pattern that matches exactly the
// top-level tests named.
func anchored(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return "^(" + strings.Join(quoted, "|") + ")$"
}
