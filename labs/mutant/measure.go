package mutant

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// maxSeeds bounds the seeds Measure runs of one test to estimate how
// often it catches a mutant.
const maxSeeds = 1000

// Plan says how Measure runs a mutant.
type Plan struct {
	// FailFast stops as soon as the escape bound is at most MaxEscape:
	// the graded tests run one at a time, those the mutant's description
	// names first (its authors say which tests catch it), then the others
	// in the order go test runs them. Without it (grader mutants) every
	// test runs, in one run of the binary.
	FailFast bool
	// Args are more test binary flags (-test.run, -seeds) for every run;
	// with FailFast they must not choose the tests.
	Args []string
	// Timeout bounds each run of the test binary; 0 means 10 minutes, as
	// for go test.
	Timeout time.Duration
	// Graded reports whether a test counts for the grade. Nil: every
	// test does.
	Graded func(test string) bool
	// HangBound, if not zero, is the wall time a handler or a call of
	// student code may take before it counts as a hang (the kit's
	// -handler-timeout, where the binary has it), in place of the
	// simulator's default of 10s. A mutant that loops forever is caught as
	// surely at a few seconds, and every seed it hangs costs that much.
	HangBound time.Duration
	// Seeds returns how many seeds a graded run of a graded test runs,
	// given how many it ran the first time here (0 for a test that is not
	// a seed sweep). Nil: the seeds it ran, and 1 for a test that is not
	// a sweep.
	Seeds func(test string, ran int) int
	// Builds, if not nil, supplies the test binary: one schema binary
	// that many mutants share (see Builds). Nil: each mutant is built
	// alone (see Build).
	Builds *Builds
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
// left alone: its other seeds passed, and more of them would too.) With
// FailFast a test gets its extra seeds right after its own run, before the
// next test, when at the rate it failed they would be enough. Their grading
// seed counts stay as they were: more seeds only sharpen the estimate.
func Measure(ctx context.Context, root, pkg string, m Mutant, plan Plan) (meas Measurement, err error) {
	meas = Measurement{Mutant: m}
	var out strings.Builder
	defer func() { meas.Output = out.String() }()
	graded := plan.Graded
	if graded == nil {
		graded = func(string) bool { return true }
	}
	seedsOf := plan.Seeds
	if seedsOf == nil {
		seedsOf = func(_ string, ran int) int { return max(ran, 1) }
	}
	timeout := plan.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	var bin *Binary
	if plan.Builds != nil {
		bin, err = plan.Builds.Binary(ctx, m)
	} else {
		bin, err = Build(ctx, root, pkg, m)
	}
	if err != nil {
		return meas, err
	}
	defer bin.Close()
	if plan.HangBound > 0 && bin.hangFlag {
		bin.flags = append(bin.flags, "-handler-timeout", plan.HangBound.String())
	}
	index := map[string]int{}
	defaults := map[string]int{} // default seed counts known before a test ran
	run := func(rerun bool, args ...string) error {
		args = append(append([]string{"-test.timeout", timeout.String()}, plan.Args...), args...)
		res, err := bin.Run(ctx, args...)
		out.WriteString(res.Output)
		meas.Runs++
		if err != nil {
			return err
		}
		for _, t := range res.Tests {
			if graded(t.Name) {
				ran := t.Seeds
				if d, ok := defaults[t.Name]; ok && ran > 0 {
					ran = d
				}
				t.Grading = seedsOf(t.Name, ran)
			}
			i, seen := index[t.Name]
			switch {
			case !seen:
				index[t.Name] = len(meas.Tests)
				meas.Tests = append(meas.Tests, t)
			case rerun && t.Seeds > meas.Tests[i].Seeds:
				t.Grading = meas.Tests[i].Grading
				meas.Tests[i] = t
			}
		}
		meas.Escape = Escape(meas.Tests)
		return nil
	}

	// canExtend says whether a test can run more seeds without running
	// again those it ran: the binary has -seed-list, and plan.Args does
	// not choose the seeds.
	canExtend := bin.seedListFlag && !choosesSeeds(plan.Args)
	// extend runs seeds ran+1..to of the test name, which ran seeds 1..ran,
	// and adds what they did to what it found, rather than running seeds
	// 1..to again. The new run's first seed counts only if it passed: the
	// kit runs it twice, and a mutant that is not deterministic can fail
	// there and nowhere else. It reports false, having counted nothing,
	// where it cannot (see canExtend), or where the run did not report
	// each new seed of the test.
	extend := func(name string, to int) (bool, error) {
		i, ok := index[name]
		if !ok || !canExtend || meas.Tests[i].Seeds == 0 || to <= meas.Tests[i].Seeds {
			return false, nil
		}
		prev := meas.Tests[i]
		list := make([]string, 0, to-prev.Seeds)
		for seed := prev.Seeds + 1; seed <= to; seed++ {
			list = append(list, strconv.Itoa(seed))
		}
		args := append(append([]string{"-test.timeout", timeout.String()}, plan.Args...),
			"-test.run", anchored([]string{name}), "-seed-list", strings.Join(list, ","))
		res, err := bin.Run(ctx, args...)
		out.WriteString(res.Output)
		meas.Runs++
		if err != nil {
			return false, err
		}
		for _, t := range res.Tests {
			if t.Name != name {
				continue
			}
			if t.Seeds != len(list) {
				return false, nil
			}
			if t.FirstFailed {
				// The kit ran its first seed twice, and a mutant that
				// is not deterministic fails there alone: that seed
				// does not count, either way.
				t.Seeds--
				t.FailedSeeds--
			}
			prev.Seeds += t.Seeds
			prev.FailedSeeds += t.FailedSeeds
			prev.Failed = prev.Failed || t.Failed
			meas.Tests[i] = prev
			meas.Escape = Escape(meas.Tests)
			return true, nil
		}
		return false, nil
	}
	// rerun runs the test name again on seeds 1..to, by adding seeds to
	// those it ran where it can.
	rerun := func(name string, to int) error {
		if done, err := extend(name, to); done || err != nil {
			return err
		}
		return run(true, "-test.run", anchored([]string{name}), "-seeds", fmt.Sprint(to))
	}

	if plan.FailFast {
		names, err := bin.List(ctx)
		if err != nil {
			return meas, err
		}
		// The tests the description names are likely to catch the mutant
		// on every seed: they run first, each with as many seeds as it
		// takes to settle the bound if all of them fail.
		hinted := slices.DeleteFunc(named(names, m.Description), func(n string) bool { return n == "TestMutantsAreCaught" || !graded(n) })
		if defaults, err = bin.DefaultSeeds(ctx, hinted); err != nil {
			return meas, err
		}
		for _, name := range order(names, m.Description) {
			if name == "TestMutantsAreCaught" || !graded(name) {
				continue
			}
			args := []string{"-test.run", anchored([]string{name})}
			d, listed := defaults[name]
			first := d
			if listed {
				first = firstSeeds(meas.Tests, name, seedsOf(name, d))
				args = append(args, "-seeds", fmt.Sprint(first))
			}
			if err := run(false, args...); err != nil {
				return meas, err
			}
			if meas.Escape <= MaxEscape {
				return meas, nil
			}
			// Fewer seeds than its default did not settle it: the test
			// runs again on its default seeds, as an unnamed test does.
			if listed && first < d {
				if err := rerun(name, d); err != nil {
					return meas, err
				}
				if meas.Escape <= MaxEscape {
					return meas, nil
				}
			}
			// A test that caught it on too few seeds to tell, but at a
			// rate that more seeds would show to be enough, runs again
			// with more seeds now, before the other tests run.
			i, ok := index[name]
			if !ok || !worthMore(meas.Tests[i]) {
				continue
			}
			t := meas.Tests[i]
			n := moreSeeds([]TestResult{t}, (1-Confidence)/2)
			projected := slices.Clone(meas.Tests)
			projected[i].FailedSeeds = int(float64(t.FailedSeeds) / float64(t.Seeds) * float64(n))
			projected[i].Seeds = n
			if n <= t.Seeds || Escape(projected) > MaxEscape {
				continue
			}
			if err := rerun(name, n); err != nil {
				return meas, err
			}
			if meas.Escape <= MaxEscape {
				return meas, nil
			}
		}
	} else if err := run(false, "-test.skip", "^TestMutantsAreCaught$"); err != nil {
		return meas, err
	}
	if meas.Escape <= MaxEscape {
		return meas, nil
	}

	// The graded sweeps that caught it and whose seeds could tell more.
	var weak []string
	var weakTests []TestResult
	for _, t := range meas.Tests {
		if worthMore(t) {
			weak = append(weak, t.Name)
			weakTests = append(weakTests, t)
		}
	}
	if len(weak) == 0 {
		return meas, nil
	}
	seeds := moreSeeds(weakTests, (1-Confidence)/float64(len(weak)+1))
	more := false
	for _, t := range weakTests {
		more = more || t.Seeds < seeds
	}
	if !more {
		return meas, nil
	}
	if !canExtend {
		// One run of them all, where each would run all its seeds anyway.
		err = run(true, "-test.run", anchored(weak), "-seeds", fmt.Sprint(seeds))
		return meas, err
	}
	for _, name := range weak {
		if err := rerun(name, seeds); err != nil {
			return meas, err
		}
	}
	return meas, nil
}

// choosesSeeds reports whether test binary flags choose the seeds.
func choosesSeeds(args []string) bool {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "seed" || name == "seeds" || name == "seed-list") {
			return true
		}
	}
	return false
}

// minFirstSeeds is the fewest seeds a named test runs the first time,
// unless its default is fewer.
const minFirstSeeds = 10

// firstSeeds returns how many seeds to run, the first time, of a graded
// sweep that a mutant's description names as catching it, graded on
// grading seeds: the fewest that settle the bound if every one of them
// fails (most named tests catch their mutant on every seed), and at least
// minFirstSeeds, or grading if that is fewer. Where the grading seeds
// alone could not tell (3 of 3 seeds failing bound the escape chance of 3
// grading seeds only by about 60%), that is more than grading, and one run
// is enough where a second, with more seeds, would follow; where grading
// seeds are many (60 seeds miss a bug that one seed in ten catches with a
// chance of 0.2%), it is fewer, and a rate well under 1 still settles the
// bound. Tests is what ran before; at most maxSeeds.
func firstSeeds(tests []TestResult, name string, grading int) int {
	projected := append(slices.Clone(tests), TestResult{Name: name, Failed: true, FirstFailed: true, Grading: grading})
	last := &projected[len(projected)-1]
	floor := min(max(grading, 1), minFirstSeeds)
	for n := floor; n < maxSeeds; n++ {
		last.Seeds, last.FailedSeeds = n, n
		if Escape(projected) <= MaxEscape {
			return n
		}
	}
	return maxSeeds
}

// worthMore reports whether more seeds of a test could sharpen the
// estimate: a graded sweep that caught the mutant on some seed after the
// first (the one the kit replays), or that has only one seed.
func worthMore(t TestResult) bool {
	others := t.FailedSeeds
	if t.FirstFailed {
		others--
	}
	return t.Failed && t.Grading > 0 && t.FailedSeeds > 0 && (others > 0 || t.Seeds == 1)
}

// moreSeeds returns how many seeds to run of tests that caught a mutant
// on too few: three times as many as any ran, and twice as many as it
// would take, all failing, to bring the bound under MaxEscape at level
// alpha; at most maxSeeds.
func moreSeeds(tests []TestResult, alpha float64) int {
	n := 0
	for _, t := range tests {
		n = max(n, 3*t.Seeds, 2*seedsToBound(t.Grading, alpha)+1)
	}
	return min(n, maxSeeds)
}

// order returns the tests named in a mutant's description first, in the
// order it names them, then the others in their own order.
func order(names []string, description string) []string {
	first := named(names, description)
	rest := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return slices.Contains(first, n) })
	return append(first, rest...)
}

// named returns the tests among names that a mutant's description names,
// in the order it names them.
func named(names []string, description string) []string {
	var first []string
	for _, word := range strings.FieldsFunc(description, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	}) {
		if slices.Contains(names, word) && !slices.Contains(first, word) {
			first = append(first, word)
		}
	}
	return first
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
