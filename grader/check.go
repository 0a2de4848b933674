package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/tree"
	"github.com/distlab/distlab/labs/rules"
)

func newCheckCmd(g *grader) *cobra.Command {
	return &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check the rules of the student packages, as grading does",
		Long: `check checks the rules that student code must follow (labs/README.md, "The
rules your code must follow") on the student packages (hashring/, election/,
paxos/ and every package, file and directory below them) of DIR: a
submission, a handout, or the official tree (the default, ".").

For a submission, it checks the tree that grading builds: the official
staff-owned files and the submission's student packages. Each violation is
printed as go vet prints one:

  file:line:col: rule: what is wrong — why the rule exists

with file names relative to DIR. Grading scores 0 every lab whose student
package breaks a rule, and each lab's tests check the rules before they run.

The exit status is 0 when every rule holds, 1 when one is broken, and 2 when
DIR cannot be checked.`,
		Example: `  go run ./grader check
  go run ./grader check ../submissions/alice`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return g.check(filepath.Clean(dir))
		},
	}
}

// assemble writes the tree that grading builds from the submission sub
// into a new scratch directory, the caller's to remove, and returns it
// with the student packages sub lacks.
func (g *grader) assemble(sub string) (scratch string, missing []string, err error) {
	if scratch, err = os.MkdirTemp("", "distlab-grade-"); err != nil {
		return "", nil, err
	}
	if missing, err = tree.Assemble(g.root, sub, scratch, g.students()); err != nil {
		os.RemoveAll(scratch)
		return "", nil, err
	}
	return scratch, missing, nil
}

// check checks the rules on the student packages of dir.
func (g *grader) check(dir string) error {
	if err := g.setup(); err != nil {
		return err
	}
	if err := tree.CheckSubmission(dir, g.students()...); err != nil {
		return usageError("%s%s", trimPrefix(err.Error()), submissionHint(err.Error()))
	}
	students := g.students()
	root := dir
	if abs, _ := filepath.Abs(dir); abs != g.root {
		scratch, _, err := g.assemble(dir)
		if err != nil {
			return err
		}
		defer os.RemoveAll(scratch)
		root = scratch
	}
	vs, err := rules.Check(root, students...)
	if err != nil {
		return err
	}
	for _, v := range vs {
		fmt.Fprintln(g.stdout, v)
	}
	if len(vs) > 0 {
		fmt.Fprintf(g.stderr, "grader: %s: the student packages break the rules of labs/README.md in %s\n", dir, plural(len(vs), "place"))
		return failed()
	}
	fmt.Fprintf(g.stdout, "%s: %s follow the rules\n", dir, strings.Join(students, ", "))
	return nil
}
