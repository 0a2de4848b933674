package testrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config says how to build and run lab tests.
type Config struct {
	Root     string        // the module root: where go runs
	Seeds    int           // -seeds K; 0: each test's default
	Seed     int64         // -seed N; negative: not set
	Salt     string        // -salt S; "": the public seeds 1..K
	Race     bool          // build with the race detector
	Trimpath bool          // build with -trimpath (shares the build cache across scratch trees)
	Timeout  time.Duration // wall time limit of one top-level test; 0: none
	Grace    time.Duration // how long past Timeout the binary may take to stop itself; 0: Grace(Timeout)
	Memory   int64         // memory limit of one test's processes, bytes; 0: none (see memory.go)
	User     *User         // run the test processes as this user; nil: as the grader (see user.go)
	Args     []string      // more flags for the test binary (kit flags)
}

// KitArgs returns the kit flags that choose the seeds.
func (c Config) KitArgs() []string {
	var args []string
	if c.Seed >= 0 {
		args = append(args, "-seed", strconv.FormatInt(c.Seed, 10))
	}
	if c.Seeds > 0 {
		args = append(args, "-seeds", strconv.Itoa(c.Seeds))
	}
	if c.Salt != "" {
		args = append(args, "-salt", c.Salt)
	}
	return append(args, c.Args...)
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
func Build(ctx context.Context, c Config, pkg, dir string) (string, error) {
	bin := filepath.Join(dir, strings.ReplaceAll(strings.Trim(pkg, "./"), "/", "-")+".test")
	if isWindows {
		bin += ".exe"
	}
	args := []string{"test", "-c", "-o", bin}
	if c.Race {
		args = append(args, "-race")
	}
	if c.Trimpath {
		args = append(args, "-trimpath")
	}
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	cmd.Dir = c.Root
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		return "", &BuildError{Package: pkg, Output: strings.TrimRight(string(out), "\n")}
	}
	if _, err := os.Stat(bin); err != nil {
		return "", &BuildError{Package: pkg, Output: "go test -c wrote no binary: " + strings.TrimSpace(string(out))}
	}
	return bin, nil
}

// Grace is how long past its limit a test's process may take to stop by
// its own -test.timeout (printing which seeds were running) before the
// grader kills it: a quarter of the limit, from 5s to 10s, since a loaded
// machine is slow to print the goroutines of a binary whose handlers spin.
func Grace(limit time.Duration) time.Duration {
	return min(max(limit/4, 5*time.Second), 10*time.Second)
}

// Run runs one top-level test of a lab's test binary bin, in the lab's
// directory dir, and returns its outcome. importPath names the package in
// test2json events. each, if not nil, sees every event as it arrives (for
// a progress display); it runs on Run's goroutine.
//
// The test has c.Timeout of wall time: at the limit the binary's own
// -test.timeout stops it with a panic naming the tests still running,
// and if that does not end it within a grace period the grader kills the
// process group. Either way the outcome is Timeout. Processes that use
// more than c.Memory between them are killed, and the outcome is
// MemoryLimit.
func Run(ctx context.Context, c Config, bin, dir, importPath, test string, each func(Event, *Outcome)) (*Outcome, error) {
	args := []string{"tool", "test2json", "-t", "-p", importPath, bin,
		"-test.v=test2json",
		"-test.run", "^" + regexp.QuoteMeta(test) + "$",
		"-test.count=1",
		"-test.paniconexit0",
		"-test.timeout", c.Timeout.String(),
	}
	args = append(args, c.KitArgs()...)

	runCtx := ctx
	var cancel context.CancelFunc
	if c.Timeout > 0 {
		grace := c.Grace
		if grace == 0 {
			grace = Grace(c.Timeout)
		}
		runCtx, cancel = context.WithTimeout(ctx, c.Timeout+grace)
		defer cancel()
	}
	cmd := exec.CommandContext(runCtx, "go", args...)
	cmd.Dir = dir
	setProcessGroup(cmd)
	cmd.Cancel = func() error { return killProcessGroup(cmd) }
	limitMemory(cmd, c.Memory)
	cleanup, err := c.User.prepare(cmd, c.Root, bin, dir)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &limitWriter{w: &stderr, n: maxOutput}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("testrun: %w", err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("testrun: starting %s: %w", test, err)
	}
	mem := watchMemory(cmd.Process.Pid, c.Memory, func() { killProcessGroup(cmd) })
	out, readErr := Collect(stdout, test, each)
	waitErr := cmd.Wait()
	wall := time.Since(start)
	out.Memory, out.MemoryOver = mem.finish()
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
		out.Status = MemoryLimit
	case runCtx.Err() != nil:
		out.Status = Timeout
	case out.Status == Timeout:
	case out.Status == NotRun && waitErr != nil:
		out.Status = Crash
	case out.Status == Pass && exitedNonZero(waitErr):
		// The test passed, then the binary died (a goroutine left
		// behind by node code panicked): not a clean pass.
		out.Status = Crash
	}
	if out.Status == Timeout {
		out.Limit = c.Timeout
	}
	return out, nil
}

func exitedNonZero(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() != 0
}

// limitWriter keeps the first n bytes written to it.
type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
