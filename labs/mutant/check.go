package mutant

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/distlab/distlab/internal/gotest"
)

// CheckLab runs every mutant in the lab's testdata/mutants against the
// lab's tests and fails t for each mutant that the graded tests do not
// catch, or catch so rarely that fresh grading seeds would miss it more
// often than MaxEscape (see Escape). Call it from a test in the lab's
// package, named TestMutantsAreCaught, which the runs skip.
//
// Each mutant is measured with Plan.FailFast: a run stops at the first
// test that fails, and goes on to the other tests only while the escape
// bound is above MaxEscape. The grading seed count of each test is the
// number of seeds it runs by default. In a package with no //lab:points
// directives every test counts as graded.
func CheckLab(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("mutants take a while; run without -short")
	}
	root, err := gotest.Root(".", "")
	if err != nil {
		t.Fatal(err)
	}
	pkgDir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(root, pkgDir)
	if err != nil {
		t.Fatal(err)
	}
	pkg := "./" + filepath.ToSlash(rel)
	ms, err := Load(filepath.Join("testdata", "mutants"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatalf("no mutants in %s/testdata/mutants", pkg)
	}
	graded, err := gradedTests(".")
	if err != nil {
		t.Fatal(err)
	}
	builds, err := NewBuilds(root, pkg, ms)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { builds.Close() })
	plan := Plan{FailFast: true, HangBound: checkHangBound, Builds: builds}
	if graded != nil {
		plan.Graded = func(test string) bool { return graded[test] }
	}
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			meas, err := Measure(context.Background(), root, pkg, m, plan)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case !meas.Caught():
				t.Errorf("mutant %s survived: no graded test of %s failed.\n  bug: %s\n  tests that passed: %s",
					m.Name, pkg, m.Summary, strings.Join(meas.Passed(), ", "))
			case meas.Escape > MaxEscape:
				t.Errorf("mutant %s is caught too rarely: fresh grading seeds miss it with a chance of up to %s (over %s).\n  bug: %s\n  caught by: %s\n  (the bound is at %.0f%% confidence; see go doc ./labs/mutant Escape. Raise the seeds of a test that catches it, or write one that catches it more often.)",
					m.Name, FormatChance(meas.Escape), FormatChance(MaxEscape), m.Summary, CatchList(meas.Tests), 100*Confidence)
			default:
				t.Logf("caught by %s; fresh grading seeds miss it with a chance of up to %s (%d runs)",
					CatchList(meas.Tests), FormatChance(meas.Escape), meas.Runs)
			}
		})
	}
}

// checkHangBound is CheckLab's Plan.HangBound. A handler of the labs'
// reference code takes microseconds, so a call still running after 3s of
// wall time, even on a loaded machine, is a loop that would run out the
// simulator's 10s too.
const checkHangBound = 3 * time.Second

// CatchList describes the tests that failed on a mutant: each with the
// seeds that failed out of those run, and the seeds a grade runs.
func CatchList(tests []TestResult) string {
	var parts []string
	for _, t := range tests {
		if t.Failed {
			parts = append(parts, t.Name+" ("+t.Rate()+")")
		}
	}
	if len(parts) == 0 {
		return "no test"
	}
	return strings.Join(parts, ", ")
}

// Rate says how often the test failed: "3/100 seeds, graded on 100",
// "failed" for a test that is not a seed sweep, and "not graded" at the
// end for a test that is not.
func (t TestResult) Rate() string {
	var s string
	switch {
	case t.Seeds == 0 && t.Failed:
		s = "failed"
	case t.Seeds == 0:
		s = "passed"
	default:
		s = fmt.Sprintf("%d/%d seeds", t.FailedSeeds, t.Seeds)
		if t.Grading > 0 && t.Grading != t.Seeds {
			s += fmt.Sprintf(", graded on %d", t.Grading)
		}
	}
	if t.Grading == 0 {
		s += ", not graded"
	}
	return s
}

// FormatChance formats a chance as a percentage: whole from 10% up, with
// two significant digits below, and a chance under 0.01% as "<0.01%".
func FormatChance(p float64) string {
	switch {
	case p <= 0:
		return "0%"
	case p < 1e-4:
		return "<0.01%"
	case p >= 0.1:
		return fmt.Sprintf("%.0f%%", 100*p)
	}
	return fmt.Sprintf("%.2g%%", 100*p)
}
