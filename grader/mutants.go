package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/labs/mutant"
)

// errInterrupted ends a mutants run that an interrupt stopped, once its
// scratch files are removed.
var errInterrupted = &exitError{code: exitFailed, msg: "interrupted"}

func newMutantsCmd(g *grader) *cobra.Command {
	var (
		seeds      int
		gradeSeeds int
		run        string
		timeout    time.Duration
	)
	cmd := &cobra.Command{
		Use:   "mutants [LAB...]",
		Short: "Run each lab's mutants and show how often each test catches each one",
		Long: `mutants applies each of a lab's mutants (realistic bugs of the reference
solution, in labs/<lab>/testdata/mutants/*.mutant) to the repository
through go test -overlay, runs all of the lab's tests on it (no -failfast),
and shows which tests catch it and on how many of their seeds: "3/100
seeds" means that 3 of the 100 seeds run failed.

Then it bounds the chance that grading with fresh seeds (a new salt)
misses the mutant: that every graded test passes every one of its grading
seeds, which are each test's default count, or --grade-seeds. The bound
holds with 95% confidence (see go doc ./labs/mutant Escape). When it is
above 1% only because the tests that catch the mutant ran too few seeds
to tell, those tests run again with more seeds.

A mutant that no graded test catches survives; one whose escape bound is
above 1% is weak. Either makes the exit status 1, as does a mutant that no
longer applies (the reference changed) or does not build.`,
		Example:           "  go run ./grader mutants\n  go run ./grader mutants paxos --seeds 300\n  go run ./grader mutants election --grade-seeds 20",
		ValidArgsFunction: g.completeLabs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkSeeds(cmd, seeds, -1, timeout); err != nil {
				return err
			}
			if cmd.Flags().Changed("grade-seeds") && gradeSeeds < 1 {
				return usageError("--grade-seeds %d: want at least 1", gradeSeeds)
			}
			if err := g.setup(); err != nil {
				return err
			}
			chosen, err := g.chooseLabs(args)
			if err != nil {
				return err
			}
			var extra []string
			if run != "" {
				if _, err := regexp.Compile(run); err != nil {
					return usageError("--run %q: %v", run, err)
				}
				extra = append(extra, "-test.run", run)
			}
			if seeds > 0 {
				extra = append(extra, "-seeds", fmt.Sprint(seeds))
			}
			ctx := cmd.Context()
			total, weak, survived, broken := 0, 0, 0, 0
			for _, l := range chosen {
				ms, err := mutant.Load(filepath.Join(l.Dir, "testdata", "mutants"))
				if err != nil {
					return &exitError{code: exitFailed, msg: trimPrefix(err.Error())}
				}
				if len(ms) == 0 {
					fmt.Fprintf(g.stdout, "%s: no mutants (labs/%s/testdata/mutants/*.mutant)\n", l.Name, l.Name)
					continue
				}
				fmt.Fprintf(g.stdout, "%s: %s\n", l.Name, plural(len(ms), "mutant"))
				if gradeSeeds == 0 {
					if err := listDefaultSeeds(ctx, g.root, l); err != nil {
						if ctx.Err() != nil {
							return errInterrupted
						}
						return err
					}
				}
				plan := mutantPlan(l, extra, gradeSeeds, timeout)
				builds, err := mutant.NewBuilds(g.root, l.Package, ms)
				if err != nil {
					return &exitError{code: exitFailed, msg: trimPrefix(err.Error())}
				}
				defer builds.Close()
				plan.Builds = builds
				for _, m := range ms {
					total++
					if isTerminal(g.stdout) {
						fmt.Fprintf(g.stdout, "  running %s...", m.Name)
					}
					start := time.Now()
					meas, err := mutant.Measure(ctx, g.root, l.Package, m, plan)
					if isTerminal(g.stdout) {
						fmt.Fprint(g.stdout, "\r\033[K")
					}
					if ctx.Err() != nil {
						return errInterrupted
					}
					took := fmt.Sprintf("%.1fs", time.Since(start).Seconds())
					const indent = "           "
					switch {
					case err != nil:
						broken++
						fmt.Fprintf(g.stdout, "  %-8s %s  %s\n%s\n", "ERROR", m.Name, summary(m), report.Indent(report.FirstLines(trimPrefix(err.Error()), 20), indent))
					case meas.Escape >= 1:
						survived++
						fmt.Fprintf(g.stdout, "  %-8s %s  %s  (%s)\n%severy graded test passed: %s\n", "SURVIVED", m.Name, summary(m), took, indent, strings.Join(gradedNames(meas.Tests), ", "))
					default:
						status := "caught"
						if meas.Escape > mutant.MaxEscape {
							status = "WEAK"
							weak++
						}
						fmt.Fprintf(g.stdout, "  %-8s %s  %s  (%s)\n", status, m.Name, summary(m), took)
						fmt.Fprintf(g.stdout, "%scaught by %s: %s\n", indent, seedTotal(meas.Tests), mutant.CatchList(meas.Tests))
						over := ""
						if status == "WEAK" {
							over = " (over " + mutant.FormatChance(mutant.MaxEscape) + ")"
						}
						fmt.Fprintf(g.stdout, "%sfresh grading seeds miss it: %s at most%s\n", indent, mutant.FormatChance(meas.Escape), over)
					}
				}
			}
			fmt.Fprintf(g.stdout, "\n%s: %d caught, %d weak, %d survived, %d broken\n", plural(total, "mutant"), total-weak-survived-broken, weak, survived, broken)
			if weak > 0 || survived > 0 || broken > 0 {
				return failed()
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&seeds, "seeds", 0, "run `K` seeds per test (default: each test's own count)")
	cmd.Flags().IntVar(&gradeSeeds, "grade-seeds", 0, "bound the escape chance for grading with `K` seeds per test, as grade --seeds K does (default: each test's own count)")
	cmd.Flags().StringVar(&run, "run", "", "run only the tests whose names match this regular expression")
	cmd.Flags().DurationVar(&timeout, "timeout", 10*time.Minute, "time limit of one run of a mutant's tests")
	return cmd
}

// mutantPlan says how to measure the mutants of lab l: every test runs,
// with the extra test binary flags; the graded tests are the lab's, each
// graded on gradeSeeds seeds, or if that is 0 on its default count (or
// the seeds it ran, if the source does not say).
func mutantPlan(l *report.Lab, extra []string, gradeSeeds int, timeout time.Duration) mutant.Plan {
	defaults := map[string]int{}
	for _, t := range l.Tests {
		defaults[t.Name] = t.DefaultSeeds
	}
	return mutant.Plan{
		Args:    extra,
		Timeout: timeout,
		Graded:  func(test string) bool { _, ok := defaults[test]; return ok },
		Seeds: func(test string, ran int) int {
			switch {
			case gradeSeeds > 0:
				return gradeSeeds
			case defaults[test] > 0:
				return defaults[test]
			}
			return max(ran, 1)
		},
	}
}

// seedTotal says how many seeds of the graded sweeps failed:
// "106 of 2950 graded seeds".
func seedTotal(tests []mutant.TestResult) string {
	failed, all := 0, 0
	for _, t := range tests {
		if t.Grading > 0 {
			failed += t.FailedSeeds
			all += t.Seeds
		}
	}
	return fmt.Sprintf("%d of %d graded seeds", failed, all)
}

// gradedNames returns the names of the graded tests.
func gradedNames(tests []mutant.TestResult) []string {
	var names []string
	for _, t := range tests {
		if t.Grading > 0 {
			names = append(names, t.Name)
		}
	}
	return names
}

// maxSummary bounds the one-line summary of a mutant.
const maxSummary = 120

// summary returns the first sentence of a mutant's description, on one
// line. A longer sentence is cut, at its first clause (before a colon) or
// else at a word, and ends with "...", so that nothing reads as if it
// were whole when it is not.
func summary(m mutant.Mutant) string {
	desc := m.Description
	if desc == "" {
		desc = m.Summary
	}
	para, _, _ := strings.Cut(desc, "\n\n")
	text := strings.Join(strings.Fields(para), " ")
	if i := strings.Index(text, ". "); i >= 0 {
		text = text[:i+1]
	}
	if len(text) <= maxSummary {
		return text
	}
	if i := strings.Index(text, ": "); i >= 20 && i < maxSummary-3 {
		return text[:i] + "..."
	}
	cut := text[:maxSummary-3]
	if j := strings.LastIndex(cut, " "); j > 0 {
		cut = cut[:j]
	}
	return strings.TrimRight(cut, " ,;:") + "..."
}

// listDefaultSeeds asks the lab's test binary, built from the tree at
// root with no mutant applied, how many seeds each graded test runs by
// default (the seeds it is graded on), as grade does.
func listDefaultSeeds(ctx context.Context, root string, l *report.Lab) error {
	bin, err := mutant.Build(ctx, root, l.Package, mutant.Mutant{Name: "none"})
	if err != nil {
		return fmt.Errorf("grader: lab %s: %w", l.Name, err)
	}
	defer bin.Close()
	names := make([]string, len(l.Tests))
	for i, t := range l.Tests {
		names[i] = t.Name
	}
	counts, err := bin.DefaultSeeds(ctx, names)
	if err != nil {
		return fmt.Errorf("grader: lab %s: listing its tests' seeds: %w", l.Name, err)
	}
	for _, t := range l.Tests {
		t.DefaultSeeds = counts[t.Name]
	}
	return nil
}
