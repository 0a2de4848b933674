package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/report"
)

func newListCmd(g *grader) *cobra.Command {
	return &cobra.Command{
		Use:   "list [LAB...]",
		Short: "List the labs, their parts, graded tests and points",
		Long: `list prints each lab's graded tests with their parts and points, as the
//lab:points and //lab:part directives in the tests declare them. Tests in
*_hidden_test.go files are instructor-only and marked (hidden).`,
		Example:           "  go run ./grader list\n  go run ./grader list paxos",
		ValidArgsFunction: g.completeLabs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := g.setup(); err != nil {
				return err
			}
			chosen, err := g.chooseLabs(args)
			if err != nil {
				return err
			}
			if len(chosen) == 0 {
				fmt.Fprintln(g.stdout, "no labs yet: a lab is a directory labs/<lab> whose tests carry //lab:points directives")
				return nil
			}
			writeList(g, chosen)
			return nil
		},
	}
}

func writeList(g *grader, chosen []*report.Lab) {
	var b strings.Builder
	tests, points := 0, 0
	for _, l := range chosen {
		width := len("test")
		for _, t := range l.Tests {
			width = max(width, len(t.Name))
		}
		fmt.Fprintf(&b, "%d. %s  %s, student package %s/, %d points\n", l.Number, l.Name, l.Package, l.Student, l.MaxScore())
		for _, p := range l.Parts() {
			_, n := l.PartScore(p)
			fmt.Fprintf(&b, "  part %s: %d points\n", p, n)
		}
		fmt.Fprintf(&b, "  %-4s  %-*s  %6s\n", "part", width, "test", "points")
		for _, t := range l.Tests {
			part := t.Part
			if part == "" {
				part = "-"
			}
			line := fmt.Sprintf("  %-4s  %-*s  %6d", part, width, t.Name, t.Points)
			if t.Hidden {
				line += "  (hidden)"
			}
			b.WriteString(line + "\n")
		}
		b.WriteString("\n")
		tests += len(l.Tests)
		points += l.MaxScore()
	}
	fmt.Fprintf(&b, "%s, %s, %d points\n", plural(len(chosen), "lab"), plural(tests, "graded test"), points)
	fmt.Fprint(g.stdout, b.String())
}

// completeLabs completes lab names, for test LAB/PART and LAB/TestName
// too, and for replay LAB the lab's tests.
func (g *grader) completeLabs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	if g.setup() != nil || (cmd.Name() == "replay" && len(args) > 1) {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	for _, l := range g.labs {
		if cmd.Name() == "replay" && len(args) == 1 {
			for _, t := range l.Tests {
				if l.Name == args[0] {
					out = append(out, t.Name)
				}
			}
			continue
		}
		out = append(out, l.Name)
		if cmd.Name() == "test" {
			for _, p := range l.Parts() {
				out = append(out, l.Name+"/"+p)
			}
			for _, t := range l.Tests {
				out = append(out, l.Name+"/"+t.Name)
			}
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
