package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/testrun"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == testrun.RulesCommand {
		// The rules checker that grade starts for a submission.
		os.Exit(testrun.RulesMain(os.Args[2:]))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // tests failed, a mutant survived, a handout check failed
	exitUsage  = 2 // bad input: the one-line error says what to do
)

// exitError ends the grader with a code after its output is written.
type exitError struct {
	code int
	msg  string // printed as "grader: msg" unless empty
}

func (e *exitError) Error() string { return e.msg }

// failed returns the error of a run whose tests (or checks) failed: the
// output said everything, so there is no message.
func failed() error { return &exitError{code: exitFailed} }

// usageError returns a bad-input error: one line, with a hint.
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// run runs the grader with args and returns its exit code.
//
// The first interrupt (SIGINT, SIGTERM) cancels the command's context:
// the command stops its go commands and test processes, removes its
// scratch files and writes what it has. A second one ends the grader at
// once, as without this handler.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	cmd := newRootCmd(stdout, stderr)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "grader: "+ee.msg)
		}
		return ee.code
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown command") {
		fmt.Fprintln(stderr, "grader: "+msg+" (run `go run ./grader help` to see the commands)")
		return exitUsage
	}
	// Anything else went wrong while running: a file that could not be
	// written, a go command that could not start.
	fmt.Fprintln(stderr, "grader: "+trimPrefix(msg))
	return exitFailed
}

// exactArgs requires n arguments, with a one-line error that says which.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == n {
			return nil
		}
		return usageError("%s takes %s, got %d argument(s) (run `go run ./grader help %s`)", cmd.Name(), names, len(args), cmd.Name())
	}
}

// pkgPrefix matches the package prefix of the grader's own errors.
var pkgPrefix = regexp.MustCompile(`^(labs|tree|report|shard|engine|testrun|handout|strip|mutant|gotest): `)

// trimPrefix drops an internal package's prefix: the grader speaks as one.
func trimPrefix(msg string) string { return pkgPrefix.ReplaceAllString(msg, "") }

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	g := &grader{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "grader",
		Short: "Run, replay, grade and hand out the distlab labs",
		Long: `grader runs the distlab labs' tests over many seeds, replays one seed with its
trace, grades submissions, and builds the student handout.

A graded test scores its points when every one of its seeds passes, and 0
otherwise. Every failure comes with its seed and the command that replays it.

Tests are chosen as LAB, LAB/PART or LAB/TestName, or with --run REGEXP.
Shell completion (grader completion bash) needs a command named grader:
go install ./grader, or the shell function
grader() { go run github.com/distlab/distlab/grader "$@"; }; see
grader/README.md.`,
		Example: `  go run ./grader list
  go run ./grader test                      # every lab, each test's default seeds
  go run ./grader test paxos/A --seeds 50
  go run ./grader replay election TestReElectionAfterCrash --seed 17 --nodes n1,n2
  go run ./grader grade ../submissions/alice --salt "$SALT" --format gradescope -o results.json
  go run ./grader handout -o ../distlab-handout`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.rootFlag, "root", "", "the official distlab tree (default: the module around the current directory)")
	root.AddCommand(
		newListCmd(g),
		newTestCmd(g),
		newReplayCmd(g),
		newGradeCmd(g),
		newMergeCmd(g),
		newHandoutCmd(g),
		newMutantsCmd(g),
		newCheckCmd(g),
	)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v (run `go run ./grader help %s` to see its flags)", err, c.Name())
	})
	return root
}
