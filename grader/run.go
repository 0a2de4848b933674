package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/engine"
	"github.com/distlab/distlab/grader/internal/progress"
	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/shard"
	"github.com/distlab/distlab/grader/internal/testrun"
)

// defaultTimeout is the wall time limit of one graded test.
const defaultTimeout = 3 * time.Minute

// defaultBuildTimeout is the wall time limit of building one lab's tests:
// far above a build from an empty cache (about 20 s on 2 cores), and an
// end to a build that student code keeps the compiler busy in.
const defaultBuildTimeout = 10 * time.Minute

// runFlags are the flags of the commands that run tests (test, grade).
type runFlags struct {
	run     string
	seeds   int
	seed    int64
	salt    string
	race    bool
	shard   string
	timeout time.Duration
	build   time.Duration // --build-timeout
	memory  string        // --memory, as given
	memMax  int64         // --memory, parsed by check
	user    string        // --user (grade)
	format  string
	output  string
	// --skip-rules: a hidden flag for the grader's own tests, which show
	// that the defenses behind the rules checker hold on their own.
	skipRules bool
}

func (f *runFlags) register(cmd *cobra.Command, defaultFormat string) {
	fs := cmd.Flags()
	fs.StringVar(&f.run, "run", "", "run only the tests whose names match this regular expression")
	fs.IntVar(&f.seeds, "seeds", 0, "run `K` seeds per test (default: each test's own count)")
	f.seed = -1
	fs.Var((*seedValue)(&f.seed), "seed", "run only seed `N` of each test")
	fs.BoolVar(&f.race, "race", false, "build the tests with the race detector")
	fs.StringVar(&f.shard, "shard", "", "run only shard `K/N` of the selected tests (see `go run ./grader help merge`)")
	fs.DurationVar(&f.timeout, "timeout", defaultTimeout, "wall time limit of one test; a test still running then scores 0")
	fs.DurationVar(&f.build, "build-timeout", defaultBuildTimeout, "wall time limit of building a lab's tests; a build still running then scores the lab 0")
	fs.BoolVar(&f.skipRules, "skip-rules", false, "do not check the rules of student code first (testing the other defenses only; never for grading)")
	fs.MarkHidden("skip-rules")
	fs.StringVar(&f.memory, "memory", strings.ReplaceAll(testrun.FormatBytes(testrun.DefaultMemory), " ", ""), "memory limit of one test's processes (such as 512MiB; off: none); a test that uses more is killed and scores 0; each process of a lab's build may use as much, and at least 1GiB")
	fs.StringVar(&f.format, "format", defaultFormat, "output format: "+strings.Join(report.Formats, ", "))
	fs.StringVarP(&f.output, "output", "o", "", "write the results to `FILE` (updated as tests finish)")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.Formats, cobra.ShellCompDirectiveNoFileComp))
}

// seedValue is the value of a --seed flag: an int64 that is -1 until
// set, which help does not show as a default.
type seedValue int64

func (s *seedValue) String() string {
	if *s < 0 {
		return ""
	}
	return strconv.FormatInt(int64(*s), 10)
}

func (s *seedValue) Set(v string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	*s = seedValue(n)
	return err
}

func (s *seedValue) Type() string { return "int" }

// checkSeeds checks the flags of the commands that run tests, those of
// them that cmd has: --seeds K, --seed N and --timeout D.
func checkSeeds(cmd *cobra.Command, seeds int, seed int64, timeout time.Duration) error {
	fs := cmd.Flags()
	switch {
	case fs.Changed("seeds") && seeds < 1:
		return usageError("--seeds %d: want at least 1 (leave it out for each test's default)", seeds)
	case fs.Changed("seed") && seed < 0:
		return usageError("--seed %d: seeds are 0 or more", seed)
	case fs.Changed("seed") && fs.Changed("seeds"):
		return usageError("--seed and --seeds together: --seed N runs that one seed; pick one")
	case timeout <= 0:
		return usageError("--timeout %v: want a positive duration, such as 2m", timeout)
	}
	return nil
}

// check validates the flags and returns the shard.
func (f *runFlags) check(cmd *cobra.Command) (shard.Shard, error) {
	if err := checkSeeds(cmd, f.seeds, f.seed, f.timeout); err != nil {
		return shard.Shard{}, err
	}
	if f.build <= 0 {
		return shard.Shard{}, usageError("--build-timeout %v: want a positive duration, such as 10m", f.build)
	}
	if f.seed >= 0 && f.salt != "" {
		return shard.Shard{}, usageError("--seed and a salt together: --seed already names the one seed to run")
	}
	mem, err := testrun.ParseBytes(f.memory)
	if err != nil {
		return shard.Shard{}, usageError("--memory: %s", trimPrefix(err.Error()))
	}
	f.memMax = mem
	if err := report.CheckFormat(f.format); err != nil {
		return shard.Shard{}, usageError("--format: %s", trimPrefix(err.Error()))
	}
	s, err := shard.Parse(f.shard)
	if err != nil {
		return shard.Shard{}, usageError("--shard: %s", trimPrefix(err.Error()))
	}
	return s, nil
}

// config returns the test run configuration for the tree at root.
func (f *runFlags) config(root string) testrun.Config {
	c := testrun.Config{
		Root:         root,
		Seeds:        f.seeds,
		Seed:         f.seed,
		Salt:         f.salt,
		Race:         f.race,
		Timeout:      f.timeout,
		BuildTimeout: f.build,
		Memory:       f.memMax,
	}
	if f.skipRules {
		c.Args = []string{"-rules=false"} // nor in the test binary
	}
	return c
}

// selectTests returns the report of shard s of the graded tests that args
// (LAB, LAB/PART or LAB/TestName) and the --run pattern choose, in lab and
// handout order, all pending.
func (g *grader) selectTests(args []string, run string, s shard.Shard) (*report.Report, error) {
	var re *regexp.Regexp
	if run != "" {
		var err error
		if re, err = regexp.Compile(run); err != nil {
			return nil, usageError("--run %q: %v", run, err)
		}
	}
	type want struct{ lab, part, test string }
	var wants []want
	for _, a := range args {
		name, sub, _ := strings.Cut(a, "/")
		l, err := g.lab(name)
		if err != nil {
			return nil, err
		}
		w := want{lab: name}
		switch {
		case sub == "":
		case slices.Contains(l.Parts(), sub):
			w.part = sub
		case slices.ContainsFunc(l.Tests, func(t *report.Test) bool { return t.Name == sub }):
			w.test = sub
		case len(l.Parts()) == 0:
			return nil, usageError("lab %s has no graded test %q, and no parts%s", name, sub, selectHint(name))
		default:
			return nil, usageError("lab %s has no part or graded test %q; its parts are %s%s", name, sub, strings.Join(l.Parts(), ", "), selectHint(name))
		}
		wants = append(wants, w)
	}
	rep, n := engine.NewReport(g.labs, func(t *report.Test) bool {
		return (re == nil || re.MatchString(t.Name)) && (len(wants) == 0 || slices.ContainsFunc(wants, func(w want) bool {
			return w.lab == t.Lab && (w.part == "" || w.part == t.Part) && (w.test == "" || w.test == t.Name)
		}))
	}, s)
	switch {
	case len(g.labs) == 0:
		return nil, usageError("there are no labs yet in %s (a lab is a directory labs/<lab> whose tests carry //lab:points)", g.root)
	case n == 0 && re != nil:
		return nil, usageError("no graded test matches --run %q; run `go run ./grader list` to see the tests", run)
	case n == 0:
		return nil, usageError("nothing to run; run `go run ./grader list` to see the labs")
	case len(rep.Labs) == 0:
		return nil, usageError("shard %s of %d tests is empty; use fewer shards", s, n)
	}
	return rep, nil
}

// selectHint says how to choose tests.
func selectHint(lab string) string {
	return fmt.Sprintf(" (choose tests by name, %s/TestName, or by pattern, --run REGEXP; run `go run ./grader list %s` to see them)", lab, lab)
}

// session is one run of tests: the report, where it goes, and the
// display.
type session struct {
	g       *grader
	flags   *runFlags
	rep     *report.Report
	eng     *engine.Engine
	display *progress.Display
	started time.Time
}

// startSession checks f, finds the tests that args (LAB, LAB/PART,
// LAB/TestName) and --run choose, and prepares the run of f's shard of
// them, in the official tree; the report says which command runs.
func (g *grader) startSession(cmd *cobra.Command, command string, f *runFlags, args []string) (*session, error) {
	s, err := f.check(cmd)
	if err != nil {
		return nil, err
	}
	if err := g.setup(); err != nil {
		return nil, err
	}
	rep, err := g.selectTests(args, f.run, s)
	if err != nil {
		return nil, err
	}
	rep.Command = command
	rep.GoVersion = goVersion()
	rep.Seeds = f.seeds
	if f.seed >= 0 {
		seed := f.seed
		rep.Seed = &seed
	}
	rep.Salted = f.salt != ""
	rep.Race = f.race
	if !s.IsAll() {
		rep.Shard = s.String()
	}
	rep.Timeout = f.timeout.Seconds()
	rep.Started = time.Now().UTC()
	return &session{g: g, flags: f, rep: rep, eng: &engine.Engine{Config: f.config(g.root), CheckRules: !f.skipRules}, started: time.Now()}, nil
}

// toStdout reports whether the report itself goes to standard output in
// a machine format, so progress must go to standard error.
func (s *session) toStdout() bool { return s.flags.output == "" && s.flags.format != "text" }

// run runs the session's tests with a progress display, writing the
// report to --output after every test. An interrupt (SIGINT, SIGTERM)
// stops the test running and leaves the rest pending; the report written
// is then marked incomplete.
func (s *session) run(ctx context.Context) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	total := len(s.rep.Tests())
	w := s.g.stdout
	if s.toStdout() {
		w = s.g.stderr
	}
	s.display = progress.New(w, isTerminal(w), colors(w), total)
	s.eng.Hooks = engine.Hooks{
		BuildStart: func(l *report.Lab) { s.display.Building(l.Name) },
		TestStart: func(l *report.Lab, t *report.Test) {
			s.display.Start(l.Name, t.Name, len(engine.SeedsFor(s.eng.Config, t.Name, t.DefaultSeeds)))
		},
		Progress: func(l *report.Lab, t *report.Test, o *testrun.Outcome) {
			s.display.Update(l.Name, t.Name, o)
		},
		TestDone: func(l *report.Lab, t *report.Test) {
			s.display.Done(l, t)
			s.writeOutput() // a partial report, in case the grader dies
		},
	}
	s.writeOutput()
	err := s.eng.Run(ctx, s.rep)
	s.display.Close()
	s.rep.Wall = time.Since(s.started).Seconds()
	if err != nil {
		if ctx.Err() == nil {
			return err
		}
		pending := 0
		for _, lt := range s.rep.Tests() {
			if lt.Test.Status == report.Pending {
				pending++
			}
		}
		s.rep.Notes = append(s.rep.Notes, fmt.Sprintf("the run was interrupted: %s did not run and score 0", plural(pending, "test")))
		s.writeOutput()
		return &exitError{code: exitFailed, msg: "interrupted; the results so far are written"}
	}
	s.rep.Complete = true
	return s.writeOutput()
}

// print writes the report to standard output: in the chosen format when
// there is no --output file, else as text without the labs' tables, which
// the progress display printed as the tests finished.
func (s *session) print() error {
	if s.toStdout() {
		return report.Write(s.g.stdout, s.rep, s.flags.format, report.TextOptions{})
	}
	fmt.Fprintln(s.g.stdout)
	return report.WriteText(s.g.stdout, s.rep, report.TextOptions{Color: colors(s.g.stdout), Streamed: true})
}

// writeOutput writes the report to --output, if given, atomically.
func (s *session) writeOutput() error {
	if s.flags.output == "" {
		return nil
	}
	if s.rep.Wall == 0 || !s.rep.Complete {
		s.rep.Wall = time.Since(s.started).Seconds()
	}
	return writeReport(s.flags.output, s.rep, s.flags.format)
}

// writeReport writes rep in format to the file at path, through a
// temporary file in the same directory, so that readers never see half of
// it.
func writeReport(path string, rep *report.Report, format string) error {
	err := func() error {
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		err = report.Write(tmp, rep, format, report.TextOptions{})
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		return os.Rename(tmp.Name(), path)
	}()
	if err != nil {
		return &exitError{code: exitFailed, msg: fmt.Sprintf("writing %s: %v", path, err)}
	}
	return nil
}
