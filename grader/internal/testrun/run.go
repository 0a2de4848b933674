package testrun

import (
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

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/labs/kit/results"
)

// Config says how to build and run lab tests.
type Config struct {
	Root         string        // the module root: where go runs
	Seeds        int           // K seeds per test; 0: each test's default
	Seed         int64         // only seed N; negative: not set
	Salt         string        // derive the seeds from it; "": the public seeds 1..K. It never reaches a test process.
	Race         bool          // build with the race detector
	Trimpath     bool          // build with -trimpath (shares the build cache across scratch trees)
	Timeout      time.Duration // wall time limit of one top-level test; 0: none
	BuildTimeout time.Duration // wall time limit of building a lab's tests; 0: none
	Grace        time.Duration // how long past Timeout the binary may take to stop itself; 0: Grace(Timeout)
	Memory       int64         // memory limit of one test's processes, bytes; 0: none (see memory.go); a build's, each process, is buildMemory(Memory)
	User         *User         // run the test processes as this user; nil: as the grader (see user.go)
	Args         []string      // more flags for the test binary (kit flags)
}

// KitArgs returns the kit flags of a run of seeds, reporting on the
// results channel file. With no seeds there is no -seed-list: any seed
// the test runs is one the grader did not ask for.
func KitArgs(seeds []int64, file string) []string {
	if len(seeds) == 0 {
		return []string{"-results", file}
	}
	list := make([]string, len(seeds))
	for i, s := range seeds {
		list[i] = strconv.FormatInt(s, 10)
	}
	return []string{"-seed-list", strings.Join(list, ","), "-results", file}
}

// BuildError is a lab test binary that did not build: the compiler's (or
// vet's) message.
type BuildError struct {
	Package string
	Output  string
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("testrun: %s does not build:\n%s", e.Package, e.Output)
}

// Build compiles the test binary of pkg ("./labs/hashring") into dir and
// returns its path. A compile or vet error is a *BuildError.
//
// The binary has no debug information (-ldflags=-w): no run reads it, a
// stack trace needs only the symbol table, and the link costs a quarter
// less CPU (0.75 s against 1 s for a lab's tests, measured with go test
// -c). Every package compiles as it would without it.
//
// A build compiles the submission's code, and code can make the compiler
// run and grow without end (generic functions that instantiate each other
// twice per level). So a build that runs longer than c.BuildTimeout is
// stopped, and so is one with a process (the compiler, the linker) that
// grows past buildMemory(c.Memory): either is a *BuildError that says so.
func Build(ctx context.Context, c Config, pkg, dir string) (string, error) {
	bin := filepath.Join(dir, strings.ReplaceAll(strings.Trim(pkg, "./"), "/", "-")+".test")
	if isWindows {
		bin += ".exe"
	}
	args := []string{"test", "-c", "-o", bin, "-ldflags=-w"}
	if c.Race {
		args = append(args, "-race")
	}
	if c.Trimpath {
		args = append(args, "-trimpath")
	}
	buildCtx, stop := ctx, context.CancelFunc(func() {})
	if c.BuildTimeout > 0 {
		buildCtx, stop = context.WithTimeout(ctx, c.BuildTimeout)
	}
	defer stop()
	// The go command's work files go to a directory of the build's own,
	// removed after it: a go command killed at a limit cannot remove them.
	work, err := os.MkdirTemp("", "distlab-build-")
	if err != nil {
		return "", fmt.Errorf("testrun: %w", err)
	}
	defer os.RemoveAll(work)
	cmd := exec.CommandContext(buildCtx, "go", append(args, pkg)...)
	cmd.Dir = c.Root
	cmd.Env = append(os.Environ(), "GOTMPDIR="+work)
	ownGroup(cmd)
	var out cappedBuilder
	limit := buildMemory(c.Memory)
	memory, err := startWatched(cmd, &out, limit)
	if err != nil {
		return "", fmt.Errorf("testrun: building %s: %w", pkg, err)
	}
	err = cmd.Wait()
	peak, over := memory()
	output := strings.TrimRight(out.String(), "\n")
	switch {
	case ctx.Err() != nil:
		return "", ctx.Err() // the grader is being interrupted
	case over:
		return "", &BuildError{Package: pkg, Output: fmt.Sprintf("the build was stopped: one of its processes (the compiler or the linker) grew to %s, over the limit of %s per build process (an honest lab compiles in a few hundred MiB)\n%s",
			FormatBytes(peak), FormatBytes(limit), output)}
	case buildCtx.Err() != nil:
		return "", &BuildError{Package: pkg, Output: fmt.Sprintf("the build was stopped after %v, its time limit (--build-timeout)\n%s", c.BuildTimeout, output)}
	case err != nil:
		return "", &BuildError{Package: pkg, Output: output}
	}
	if _, err := os.Stat(bin); err != nil {
		return "", &BuildError{Package: pkg, Output: "go test -c wrote no binary: " + strings.TrimSpace(output)}
	}
	return bin, nil
}

// minBuildMemory is the least memory a process of a build may use: a
// compile of a large package of the standard library, from an empty build
// cache, takes about 300 MiB, more than a tight test limit allows.
var minBuildMemory int64 = 1 << 30

// buildMemory is the memory limit of each process of a build, under the
// limit of a test's processes (0: none): that limit, and at least
// minBuildMemory.
func buildMemory(testLimit int64) int64 {
	if testLimit <= 0 {
		return 0
	}
	return max(testLimit, minBuildMemory)
}

// Grace is how long past its limit a test's process may take to stop by
// its own -test.timeout (printing which seeds were running) before the
// grader kills it: a quarter of the limit, from 5s to 10s, since a loaded
// machine is slow to print the goroutines of a binary whose handlers spin.
func Grace(limit time.Duration) time.Duration {
	return min(max(limit/4, 5*time.Second), 10*time.Second)
}

// Run runs one top-level test of a lab's test binary bin, in the lab's
// directory dir, on the seeds asked for, and returns its outcome.
// importPath names the package in test2json events. each, if not nil,
// sees the outcome so far at every event (for a progress display); it
// runs on Run's goroutine.
//
// The test process gets the seeds (-seed-list), never the salt, and an
// environment without secrets (ChildEnv). It reports each seed on the
// results channel (a file in a fresh directory, -results), and the
// outcome's seeds are what that channel says; its standard output is
// read only for text for people and for the progress display. The test
// passes only if the binary exits 0 after the test passed and the
// channel holds a passing result for every seed asked for and for no
// other seed; else it fails, with Outcome.Missing saying what is missing.
//
// The test has c.Timeout of wall time: at the limit the binary's own
// -test.timeout stops it with a panic naming the tests still running,
// and if that does not end it within a grace period the grader kills the
// process group. Either way the outcome is Timeout. Processes that use
// more than c.Memory between them are killed, and the outcome is
// MemoryLimit.
func Run(ctx context.Context, c Config, bin, dir, importPath, test string, seeds []int64, each func(*Outcome)) (*Outcome, error) {
	file, done, err := channelFile(c.User)
	if err != nil {
		return nil, err
	}
	defer done()
	t2j, err := test2json()
	if err != nil {
		return nil, fmt.Errorf("testrun: %w", err)
	}
	args := []string{"-t", "-p", importPath, bin, "-test.v=test2json", "-test.paniconexit0"}
	args = append(append(args, binArgs(c, test)...), KitArgs(seeds, file)...)
	cmd, runCtx, cancel, err := child(ctx, c, bin, dir, t2j, args...)
	if err != nil {
		return nil, err
	}
	defer cancel()
	var stderr cappedBuilder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("testrun: %w", err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("testrun: starting %s: %w", test, err)
	}
	memory := watchMemory(cmd.Process.Pid, c.Memory, func() { killProcessGroup(cmd) })
	out, readErr := Collect(stdout, test, each)
	waitErr := cmd.Wait()
	wall := time.Since(start)
	out.Memory, out.MemoryOver = memory()
	if ctx.Err() != nil {
		return out, ctx.Err() // the grader is being interrupted
	}
	if readErr != nil && !errors.Is(readErr, io.EOF) && !errors.Is(readErr, os.ErrClosed) {
		out.Stray = strings.TrimSpace(out.Stray + "\n" + "reading the test's output: " + readErr.Error())
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		out.Stray = strings.TrimSpace(out.Stray + "\n" + s)
	}
	out.Wall = wall.Round(time.Millisecond)
	switch {
	case out.MemoryOver:
		out.Status = report.Memory
	case runCtx.Err() != nil:
		out.Status = report.Timeout
	case out.Status == report.Timeout:
	case exitedNonZero(waitErr) && out.Status != report.Fail, waitErr != nil && out.Status == report.NotRun:
		// The binary died before the test ended, or after it passed
		// (a goroutine left behind by node code panicked): no clean end.
		out.Status = report.Crash
	}
	if out.Status == report.Timeout {
		out.Limit = c.Timeout
	}
	recs, chanErr := results.ReadFile(file)
	settle(out, seeds, recs, chanErr)
	return out, nil
}

// binArgs returns the flags of a run of the named top-level tests: once
// each, within the time limit, with c's flags.
func binArgs(c Config, tests ...string) []string {
	quoted := make([]string, len(tests))
	for i, t := range tests {
		quoted[i] = regexp.QuoteMeta(t)
	}
	return append([]string{"-test.run", "^(" + strings.Join(quoted, "|") + ")$", "-test.count=1", "-test.timeout", c.Timeout.String()}, c.Args...)
}

// settle sets the outcome's seeds from the results channel and decides
// its status: a test passes only if its output said so, the binary
// exited 0 and the channel accounts for every seed asked for with a pass.
func settle(out *Outcome, asked []int64, recs []results.Record, chanErr error) {
	seeds, kitErr, missing := reconcile(out.Test, asked, recs)
	if chanErr != nil {
		missing = strings.TrimSpace("results missing: the channel is unreadable (" + chanErr.Error() + ") " + strings.TrimPrefix(missing, "results missing: "))
	}
	out.Seeds, out.Error = seeds, kitErr
	switch out.Status {
	case report.Timeout, report.Crash, report.Memory:
		return // the seeds that reported nothing were running
	}
	out.Missing = missing
	switch {
	case out.Status == report.Skip: // scores 0 whatever the seeds did
	case out.Status == report.NotRun && len(recs) == 0:
	case missing != "" || kitErr != "" || !allPassed(seeds):
		out.Status = report.Fail
	}
}

// List runs tests of a lab's test binary in the mode where each
// kit.Sweep records its default number of seeds on the results channel
// and runs none, and returns each test's record (of type sweep, or error
// if the test could not sweep). A test with no record did not say.
func List(ctx context.Context, c Config, bin, dir string, tests []string) (map[string]results.Record, error) {
	file, done, err := channelFile(c.User)
	if err != nil {
		return nil, err
	}
	defer done()
	args := append(binArgs(c, tests...), "-list-sweeps", "-results", file)
	// Listing runs student code too (its package initialization): as the
	// same user, under the same memory limit, as the tests.
	cmd, _, cancel, err := child(ctx, c, bin, dir, bin, args...)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("testrun: starting %s: %w", bin, err)
	}
	cmd.Wait() // whatever the exit, the channel says what it says
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	recs, err := results.ReadFile(file)
	out := map[string]results.Record{}
	for _, r := range recs {
		if _, dup := out[r.Test]; dup || !slices.Contains(tests, r.Test) {
			continue // a test that sweeps twice keeps its first count
		}
		if r.Type == results.TypeSweep || r.Type == results.TypeError {
			out[r.Test] = r
		}
	}
	return out, err
}

// channelFile returns the path of a results channel file in a fresh
// directory of the grader's, and the function that removes it. When the
// test runs as another user (u not nil), the file is made and given to
// that user, in a directory it may enter but not list, so that the test
// process can write its results and nothing else there.
func channelFile(u *User) (string, func(), error) {
	dir, err := os.MkdirTemp("", "distlab-results-")
	if err != nil {
		return "", nil, fmt.Errorf("testrun: %w", err)
	}
	remove := func() { os.RemoveAll(dir) }
	file := filepath.Join(dir, "results.jsonl")
	if u != nil {
		if err := u.own(dir, file); err != nil {
			remove()
			return "", nil, err
		}
	}
	return file, remove, nil
}

// child returns the command of a process that runs the test binary bin,
// in dir: with an environment without secrets, under c's memory limit, as
// c's user, in a process group of its own that is killed c.Timeout plus a
// grace period after it starts (runCtx ends then). cancel releases the
// timer and what running as the user took.
func child(ctx context.Context, c Config, bin, dir, name string, args ...string) (cmd *exec.Cmd, runCtx context.Context, cancel func(), err error) {
	runCtx, stop := ctx, context.CancelFunc(func() {})
	if c.Timeout > 0 {
		grace := c.Grace
		if grace == 0 {
			grace = Grace(c.Timeout)
		}
		runCtx, stop = context.WithTimeout(ctx, c.Timeout+grace)
	}
	cmd = exec.CommandContext(runCtx, name, args...)
	cmd.Dir = dir
	cmd.Env = ChildEnv(os.Environ(), c.Salt)
	ownGroup(cmd)
	limitMemory(cmd, c.Memory)
	cleanup, err := c.User.prepare(cmd, c.Root, bin, dir)
	if err != nil {
		stop()
		return nil, nil, nil, err
	}
	return cmd, runCtx, func() { cleanup(); stop() }, nil
}

// ownGroup puts cmd in a process group of its own, which the end of its
// context kills whole (with every process it started), and gives its
// output 5 s to close after that.
func ownGroup(cmd *exec.Cmd) {
	setProcessGroup(cmd)
	cmd.Cancel = func() error { return killProcessGroup(cmd) }
	cmd.WaitDelay = 5 * time.Second
}

// startWatched starts cmd (see ownGroup) with its output in out, and
// watches the largest of its processes: past limit, it kills the group.
// finish stops the watch and says how large the largest grew, and whether
// it went over.
func startWatched(cmd *exec.Cmd, out *cappedBuilder, limit int64) (finish func() (peak int64, over bool), err error) {
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return watch(largestRSS, cmd.Process.Pid, limit, func() { killProcessGroup(cmd) }), nil
}

func exitedNonZero(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() != 0
}
