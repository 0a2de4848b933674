package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/labs/mutant"
)

func newMutantsCmd(g *grader) *cobra.Command {
	var (
		seeds   int
		run     string
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "mutants [LAB...]",
		Short: "Run each lab's mutants and show which tests catch each one",
		Long: `mutants applies each of a lab's mutants (realistic bugs of the reference
solution, in labs/<lab>/testdata/mutants/*.mutant) to a scratch copy of the
repository, runs all of the lab's tests there (no -failfast), and shows which
tests catch it. A mutant that no test catches survives: the exit status is
then 1. A mutant that no longer applies (the reference changed) or does not
build is an error too.`,
		Example:           "  go run ./grader mutants\n  go run ./grader mutants paxos --seeds 5",
		ValidArgsFunction: g.completeLabs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("seeds") && seeds < 1 {
				return usageError("--seeds %d: want at least 1", seeds)
			}
			if err := g.setup(); err != nil {
				return err
			}
			chosen, err := g.chooseLabs(args)
			if err != nil {
				return err
			}
			// -rules=false: a mutant is there to be caught by the tests, not
			// by the rules check that precedes them.
			extra := []string{"-skip", "^TestMutantsAreCaught$", "-timeout", timeout.String(), "-rules=false"}
			if run != "" {
				if _, err := regexp.Compile(run); err != nil {
					return usageError("--run %q: %v", run, err)
				}
				extra = append(extra, "-run", run)
			}
			if seeds > 0 {
				extra = append(extra, "-seeds", fmt.Sprint(seeds))
			}
			total, survived, broken := 0, 0, 0
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
				for _, m := range ms {
					total++
					if isTerminal(g.stdout) {
						fmt.Fprintf(g.stdout, "  running %s...", m.Name)
					}
					start := time.Now()
					res, err := mutant.Run(cmd.Context(), g.root, l.Package, m, extra...)
					if isTerminal(g.stdout) {
						fmt.Fprint(g.stdout, "\r\033[K")
					}
					if cmd.Context().Err() != nil {
						return &exitError{code: exitFailed, msg: "interrupted"}
					}
					took := time.Since(start).Round(100 * time.Millisecond)
					switch {
					case err != nil:
						broken++
						fmt.Fprintf(g.stdout, "  %-8s %s  %s\n%s\n", "ERROR", m.Name, summary(m), indentText(firstLines(trimPrefix(err.Error()), 20), "           "))
					case res.Caught():
						fmt.Fprintf(g.stdout, "  %-8s %s  %s  (%v)\n           caught by %s\n", "caught", m.Name, summary(m), took, strings.Join(res.Failed, ", "))
					default:
						survived++
						fmt.Fprintf(g.stdout, "  %-8s %s  %s  (%v)\n           every test passed: %s\n", "SURVIVED", m.Name, summary(m), took, strings.Join(res.Passed, ", "))
					}
				}
			}
			fmt.Fprintf(g.stdout, "\n%d mutants: %d caught, %d survived, %d broken\n", total, total-survived-broken, survived, broken)
			if survived > 0 || broken > 0 {
				return failed()
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&seeds, "seeds", 0, "run `K` seeds per test (default: each test's own count)")
	cmd.Flags().StringVar(&run, "run", "", "run only the tests whose names match this regular expression")
	cmd.Flags().DurationVar(&timeout, "timeout", 10*time.Minute, "go test's time limit for one mutant's run")
	return cmd
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

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}
