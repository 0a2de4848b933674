package main

import (
	"github.com/spf13/cobra"
)

func newTestCmd(g *grader) *cobra.Command {
	f := &runFlags{}
	cmd := &cobra.Command{
		Use:   "test [LAB[/PART]...]",
		Short: "Run the labs' graded tests over many seeds and score them",
		Long: `test runs the graded tests of every lab, or of the labs and parts named, and
prints a table of scores: per test, per part and per lab.

Each test runs in a child process of its own (the lab's test binary, built
once, run through go tool test2json as go test -json runs it) with a wall
time limit (--timeout); its seeds run in parallel on every core. A test
scores its points when all its seeds pass, and 0 otherwise. Every failing seed is
listed with what broke and the command that replays it; a test that hangs
is stopped at its limit and scores 0, and the other tests still run.
Before a lab runs, its student package is checked against the rules of
labs/README.md (as "grader check" does): a lab that breaks one scores 0,
and the report lists every violation.

The exit status is 0 when every test passed and 1 otherwise.`,
		Example: `  go run ./grader test
  go run ./grader test hashring
  go run ./grader test paxos/B --seeds 100
  go run ./grader test election --run 'Partition' --seed 17
  go run ./grader test --shard 2/4 --format json -o shard-2.json`,
		ValidArgsFunction: g.completeLabs,
		RunE: func(cmd *cobra.Command, args []string) error {
			sess, err := g.startSession(cmd, "test", f, args)
			if err != nil {
				return err
			}
			if err := sess.run(cmd.Context()); err != nil {
				return err
			}
			if err := sess.print(); err != nil {
				return err
			}
			if passed, total := sess.rep.Passed(); passed < total {
				return failed()
			}
			return nil
		},
	}
	f.register(cmd, "text")
	return cmd
}
