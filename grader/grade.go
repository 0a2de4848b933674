package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/testrun"
	"github.com/distlab/distlab/grader/internal/tree"
	"github.com/distlab/distlab/labs/rules"
)

// saltEnv is the environment variable that holds the grading salt.
const saltEnv = "DISTLAB_SALT"

func newGradeCmd(g *grader) *cobra.Command {
	f := &runFlags{}
	var (
		labNames []string
		keep     bool
		public   bool
	)
	cmd := &cobra.Command{
		Use:   "grade SUBMISSION_DIR",
		Short: "Grade a submission: its student packages under the official tests",
		Long: `grade grades a student's copy of the repository. It builds a scratch tree from
every staff-owned file of the official tree (the one the grader runs from:
sim, rpc, labs, grader, internal, docs, go.mod, go.sum, everything but the
student packages) and only the student packages (hashring/, election/,
paxos/) of the submission, so that edits to tests, the simulator or go.mod
change nothing. Then it runs every lab's graded tests there, hidden tests
included, and writes the results.

Seeds come from the salt (the DISTLAB_SALT environment variable, or
--salt, which others on the machine can see in the process list): each
test runs seeds derived from the salt and its name instead of the public
seeds 1..K, so a solution tuned to the public seeds gains nothing. The
test processes get the seeds, never the salt. Grading without a salt (or
with an empty one, an unset variable in a script) is an error, unless
--public-seeds says to grade on the public seeds.

Results travel from the lab kit to the grader on a channel of their own,
not through the test's output: a test scores its points only when every
seed the grader asked for reports a pass there. Whatever a submission
prints counts for nothing ("results missing"). A failing test shows its
first failing seed in full; with a salt, the other failing seeds are
counted but not named, and the output of tests that passed is not shown.

A test scores its points when all its seeds pass, and 0 otherwise; a test
still running at its time limit scores 0 with a message, and so does a test
whose processes use more memory than --memory (default 2GiB), which the
grader kills; --user runs the tests as an unprivileged user (the grader
must run as root, as on Gradescope); a lab that does
not build scores 0, with the compiler's message, and the other labs are
graded as usual. So does a lab whose build runs past --build-timeout
(default 10m) or has a process (the compiler) grow past --memory (and
at least 1GiB): the grader stops it. Student code must follow the rules of labs/README.md
(allowed imports only; no goroutines, wall clock, global randomness,
output, package-level state, directives, build tags, assembly or cgo; no
decisions that depend on map order): grading checks them before it runs a
lab (as "grader check" does), and a lab whose package breaks one scores 0,
with every violation in the report.

The results are written as tests finish (--output), so that they are there
even when grading is cut short; an interrupted run is marked incomplete.
The exit status is 0 when grading ran, whatever the score, 2 when the
submission cannot be graded (no go.mod, another module, student packages
over 16 MiB or 5,000 files and directories, or that are symbolic
links).`,
		Example: `  DISTLAB_SALT=s3cret go run ./grader grade ../alice --format gradescope -o results.json
  go run ./grader grade ../submissions/alice --public-seeds
  go run ./grader grade ../alice --labs hashring --format junit -o junit.xml
  go run ./grader grade ../alice --shard 1/3 --format json -o part1.json`,
		Args: exactArgs(1, "SUBMISSION_DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.chooseSalt(cmd, public); err != nil {
				return err
			}
			return g.grade(cmd, f, labNames, keep, filepath.Clean(args[0]))
		},
	}
	f.register(cmd, "text")
	fs := cmd.Flags()
	fs.StringVar(&f.salt, "salt", "", "derive the grading seeds from this secret (default: $"+saltEnv+", which the process list does not show)")
	fs.BoolVar(&public, "public-seeds", false, "grade on the public seeds 1..K, without a salt")
	fs.StringSliceVar(&labNames, "labs", nil, "grade only these labs (comma-separated; default: all)")
	fs.BoolVar(&keep, "keep", false, "keep the scratch tree and print where it is")
	fs.StringVar(&f.user, "user", "", "run the tests as this unprivileged `USER` (the grader must run as root)")
	return cmd
}

// chooseSalt sets the salt from --salt or the environment, and checks it:
// grading needs a salt unless --public-seeds (or --seed N, which names the
// one seed) says otherwise, and an empty salt is no salt.
func (f *runFlags) chooseSalt(cmd *cobra.Command, public bool) error {
	from := "--salt"
	if !cmd.Flags().Changed("salt") {
		f.salt, from = os.Getenv(saltEnv), "$"+saltEnv
	}
	switch {
	case public && f.salt != "":
		return usageError("--public-seeds and a salt (%s) together: pick one", from)
	case public || f.salt != "":
		return nil
	case cmd.Flags().Changed("seed"):
		return nil // --seed N names the one seed
	case cmd.Flags().Changed("salt"):
		return usageError("--salt is empty: set a secret salt, or pass --public-seeds to grade on the public seeds")
	}
	return usageError("no salt: set $%s (or --salt), or pass --public-seeds to grade on the public seeds", saltEnv)
}

// grade grades the submission at sub: the labs named (all if none), the
// tests of f's selection and shard.
func (g *grader) grade(cmd *cobra.Command, f *runFlags, labNames []string, keep bool, sub string) error {
	sess, err := g.startSession(cmd, "grade", f, labNames)
	if err != nil {
		return err
	}
	if f.user != "" {
		u, err := testrun.LookupUser(f.user)
		if err != nil {
			return usageError("--user: %s", trimPrefix(err.Error()))
		}
		sess.eng.Config.User = u
		fmt.Fprintf(g.stderr, "grader: running the tests as user %s (uid %d)\n", u.Name, u.UID)
	}
	sess.rep.Submission = sub
	if err := tree.CheckSubmission(sub, g.students()...); err != nil {
		return g.rejectSubmission(sess, err)
	}
	if abs, _ := filepath.Abs(sub); abs == g.root {
		return usageError("the submission is the official tree itself; grade a student's copy")
	}

	scratch, missing, err := g.assemble(sub)
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintf(g.stderr, "grader: grading in %s (kept)\n", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	sess.eng.Config.Root = scratch
	sess.eng.Config.Trimpath = true // the build cache serves every submission
	sess.eng.Missing = missing
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("grader: %w", err)
	}
	// The rules check reads the submission's code: it runs apart, under
	// the build's limits (see testrun.CheckRules).
	cfg := sess.eng.Config
	sess.eng.Rules = func(ctx context.Context, root, student string) ([]rules.Violation, int, error) {
		c := cfg
		c.Root = root
		return testrun.CheckRules(ctx, c, self, student)
	}
	if f.salt == "" && f.seed < 0 {
		sess.rep.Notes = append(sess.rep.Notes, "graded on the public seeds (--public-seeds), not on seeds derived from a salt")
	}

	if err := sess.run(cmd.Context()); err != nil {
		return err
	}
	if f.output != "" {
		fmt.Fprintf(g.stdout, "\n%s: %d/%d; results in %s (%s)\n", sub, sess.rep.Score(), sess.rep.MaxScore(), f.output, f.format)
	}
	return sess.print()
}

// rejectSubmission reports a submission that cannot be graded: every test
// scores 0 with the reason, in the results file when there is one (so an
// autograder still shows the student why), and the grader exits 2.
func (g *grader) rejectSubmission(sess *session, err error) error {
	msg := trimPrefix(err.Error())
	sess.rep.Notes = append(sess.rep.Notes, "the submission cannot be graded: "+msg)
	for _, lt := range sess.rep.Tests() {
		lt.Test.Status = report.NotRun
		lt.Test.Message = "not graded: " + msg
	}
	sess.rep.Complete = true
	if werr := sess.writeOutput(); werr != nil {
		return werr
	}
	return usageError("%s%s", msg, submissionHint(msg))
}

func submissionHint(msg string) string {
	if strings.Contains(msg, "does not exist") || strings.Contains(msg, "not a directory") {
		return " (give the directory of a student's copy of the repository)"
	}
	return ""
}
