package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fatih/color"
	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/sim"
)

func newReplayCmd(g *grader) *cobra.Command {
	var (
		seed    int64
		nodes   string
		kinds   string
		race    bool
		timeout time.Duration
		files   viewFlags
		extra   replayExtras // --shrink, --schedule, --choices; see shrink.go
	)
	cmd := &cobra.Command{
		Use:   "replay LAB TEST --seed N",
		Short: "Run one seed of a test again with its full trace",
		Long: `replay runs one seed of a graded test with the simulator's trace on: one line
per event, with its virtual time, node, kind and message, e.g.

  0.001500s #12     s1       send      -> s2 paxos.Prepare{Seq:1 Ballot:3}

--nodes keeps the events at some nodes, --kinds some kinds of events
(start, send, deliver, drop, duplicate, timer, crash, restart, pause,
resume, network, custom, log, world). The same seed replays the same run,
event for event. When the run broke linearizability, replay prints the path
of porcupine's page for it. --view, --trace-json and --shiviz also write
the run as an HTML page (space-time diagram, events, node state at each
step), a JSON trace, and a ShiViz log.

It runs the same command as the "replay:" line of a failure, from the
repository's root. The test may be named LAB/TEST too, as test takes it.`,
		Example: `  go run ./grader replay election TestReElectionAfterCrash --seed 17
  go run ./grader replay paxos TestKVPartitions --seed 4 --nodes s1,s2 --kinds send,deliver,drop
  go run ./grader replay paxos TestKVPartitions --seed 4 --view run.html --trace-json run.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && strings.Contains(args[0], "/") {
				return nil // LAB/TEST
			}
			return exactArgs(2, "LAB TEST (or LAB/TEST)")(cmd, args)
		},
		ValidArgsFunction: g.completeLabs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("seed") {
				return usageError("replay needs --seed N: the seed of the run to replay (failures print it)")
			}
			if err := checkSeeds(cmd, 0, seed, timeout); err != nil {
				return err
			}
			for _, k := range splitList(kinds) {
				if _, err := sim.ParseKind(k); err != nil {
					return usageError("--kinds: %s", strings.TrimPrefix(err.Error(), "sim: "))
				}
			}
			if err := g.setup(); err != nil {
				return err
			}
			if len(args) == 1 {
				args = strings.SplitN(args[0], "/", 2)
			}
			l, err := g.lab(args[0])
			if err != nil {
				return err
			}
			test := args[1]
			if !slices.ContainsFunc(l.Tests, func(t *report.Test) bool { return t.Name == test }) {
				return usageError("lab %s has no graded test %q; run `go run ./grader list %s` to see its tests", l.Name, test, l.Name)
			}
			goArgs := []string{"test", "-count=1", "-v",
				"-run", "^" + regexp.QuoteMeta(test) + "$/^seed=" + strconv.FormatInt(seed, 10) + "$",
				"-timeout", timeout.String()}
			if race {
				goArgs = append(goArgs, "-race")
			}
			goArgs = append(goArgs, l.Package, "-seed", strconv.FormatInt(seed, 10), "-events")
			var filter []string
			for _, f := range [][2]string{{"nodes", nodes}, {"kinds", kinds}} {
				if f[1] != "" {
					goArgs = append(goArgs, "-"+f[0], f[1])
					filter = append(filter, "--"+f[0]+" "+f[1])
				}
			}
			more, err := files.args()
			if err != nil {
				return err
			}
			goArgs = append(goArgs, more...)
			defer files.report(g)
			if goArgs, err = extra.args(goArgs); err != nil {
				return err
			}
			return g.replay(cmd.Context(), goArgs, strings.Join(filter, " "))
		},
	}
	fs := cmd.Flags()
	seed = -1
	fs.Var((*seedValue)(&seed), "seed", "the seed to replay (`N`, from the failure)")
	fs.StringVar(&nodes, "nodes", "", "show only events at these nodes (comma-separated names)")
	fs.StringVar(&kinds, "kinds", "", "show only these kinds of events (comma-separated: send,deliver,drop,...)")
	fs.BoolVar(&race, "race", false, "build with the race detector")
	fs.DurationVar(&timeout, "timeout", defaultTimeout, "wall time limit of the run")
	files.register(fs)
	extra.register(fs)
	return cmd
}

// replay runs go test with the trace on, streaming its output, and
// says at the end where porcupine's page is, and when the filter (the
// --nodes and --kinds flags, if any) kept no event at all, that it
// matched nothing: node names are the test's own (n0, s1, c2, ...).
func (g *grader) replay(ctx context.Context, goArgs []string, filter string) error {
	fmt.Fprintf(g.stdout, "$ go %s\n", strings.Join(quoteArgs(goArgs), " "))
	// The kit names porcupine's page on its results channel.
	chanDir, err := os.MkdirTemp("", "distlab-replay-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(chanDir)
	file := filepath.Join(chanDir, "results.jsonl")
	cmd := exec.CommandContext(ctx, "go", append(slices.Clip(goArgs), "-results", file)...)
	cmd.Dir = g.root
	cmd.Stderr = g.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	paint := colors(g.stdout)
	traces, events, explained := 0, 0, false
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=== trace of "):
			traces++
		case traceEvent.MatchString(line):
			events++
		case strings.Contains(line, "kit: -nodes") || strings.Contains(line, "kit: -kinds"):
			explained = true // the kit said what is wrong with the filter
		}
		io.WriteString(g.stdout, paintLine(line, paint)+"\n")
	}
	err = cmd.Wait()
	if filter != "" && traces > 0 && events == 0 && !explained {
		fmt.Fprintf(g.stdout, "\nno event matched %s: does this test have such nodes and events? (replay without them to see every event)\n", filter)
	}
	for _, p := range porcupinePages(file) {
		fmt.Fprintf(g.stdout, "\nporcupine's page of the linearizability failure: %s\n(open it in a browser)\n", p)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return failed()
	}
	return err
}

// porcupinePages returns the porcupine pages the seeds on a results
// channel file name.
func porcupinePages(file string) []string {
	recs, _ := results.ReadFile(file)
	var pages []string
	for _, r := range recs {
		if r.Porcupine != "" {
			pages = append(pages, r.Porcupine)
		}
	}
	return pages
}

// traceEvent matches a line of the simulator's trace: "  0.001500s #12 ...".
var traceEvent = regexp.MustCompile(`^\s*\d+\.\d+s #\d+\s`)

// paintLine colors the testing package's verdicts on a terminal.
func paintLine(line string, on bool) string {
	if !on {
		return line
	}
	t := strings.TrimSpace(line)
	var c *color.Color
	switch {
	case strings.HasPrefix(t, "--- FAIL") || t == "FAIL" || strings.HasPrefix(t, "FAIL\t"):
		c = color.New(color.FgRed, color.Bold)
	case strings.HasPrefix(t, "--- PASS") || t == "PASS" || strings.HasPrefix(t, "ok "):
		c = color.New(color.FgGreen)
	case strings.HasPrefix(t, "replay: "):
		c = color.New(color.Bold)
	default:
		return line
	}
	c.EnableColor()
	return c.Sprint(line)
}

// quoteArgs quotes the arguments a shell would need quoted.
func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " $^*?()[]|'\"\\") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
