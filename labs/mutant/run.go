package mutant

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/distlab/distlab/labs/kit/results"
)

// Result is what one run of a lab's tests did on a mutant.
type Result struct {
	Mutant Mutant
	Failed []string     // top-level tests that failed, sorted
	Passed []string     // top-level tests that passed, sorted
	Tests  []TestResult // every top-level test that ran, in the order it finished
	Output string       // everything the tests printed
}

// TestResult is what one top-level test did.
type TestResult struct {
	Name        string
	Failed      bool
	Seeds       int // its seed subtests (TestX/seed=N) that ran; 0 for a test that is not a seed sweep
	FailedSeeds int // how many of those failed
	// FirstFailed says whether the first seed that started failed: the
	// one the kit runs twice, to check that it replays.
	FirstFailed bool
	// Grading is how many seeds a graded run of the test runs (each
	// test's default, or grader grade --seeds), set by Measure; 0 for a
	// test that is not graded. A graded test that is not a seed sweep
	// has 1.
	Grading int
}

// Caught reports whether any test failed.
func (r Result) Caught() bool { return len(r.Failed) > 0 }

// Run applies m to the module at root and runs the tests of package pkg
// ("./labs/hashring") once, with the test binary flags args (-test.run,
// -seeds, ...). See Build.
func Run(ctx context.Context, root, pkg string, m Mutant, args ...string) (Result, error) {
	bin, err := Build(ctx, root, pkg, m)
	if err != nil {
		return Result{Mutant: m}, err
	}
	defer bin.Close()
	return bin.Run(ctx, args...)
}

// Binary is a lab's test binary built with a mutant applied.
type Binary struct {
	Mutant Mutant
	path   string   // the binary
	dir    string   // the package's directory, where it runs
	tmp    string   // the scratch directory that holds it all
	flags  []string // given to every run: -rules=false where the kit checks rules
	env    []string // added to every run's environment: the schema's choice
	shared bool     // a view of a schema binary, which Close leaves in place
	// hangFlag and seedListFlag say whether the binary has the kit's
	// -handler-timeout and -seed-list.
	hangFlag, seedListFlag bool
}

// Build applies m to the module at root through an overlay (go test
// -overlay: the go command compiles the patched files in place of the
// originals, and the build cache keeps every package the mutant does not
// touch) and compiles the test binary of package pkg ("./labs/hashring").
// go vet is off: the mutant is a bug for the tests to catch, not code to
// review; nor is there debug information in the binary. It returns an error if the mutant does not apply or the package
// does not build: a mutant must be a working program with a bug. Close
// the binary when done.
//
// Only Go source files can be patched: files that tests read at run time
// (testdata) are not compiled, so no overlay can replace them.
func Build(ctx context.Context, root, pkg string, m Mutant) (*Binary, error) {
	files, err := m.Patch(root)
	if err != nil {
		return nil, err
	}
	return build(ctx, root, pkg, m, files)
}

// build compiles the test binary of pkg with files in place of the
// tree's (see Build); m names it.
func build(ctx context.Context, root, pkg string, m Mutant, files []File) (*Binary, error) {
	tmp, overlay, err := writeOverlay(root, m.Name, files)
	if err != nil {
		return nil, err
	}
	b := &Binary{Mutant: m, path: filepath.Join(tmp, "lab.test"), dir: filepath.Join(root, filepath.FromSlash(pkg)), tmp: tmp}
	// -ldflags=-w leaves out the debug information (DWARF), which no run
	// reads: a stack trace needs only the symbol table. It saves a sixth
	// of the CPU a build costs, and changes no compiled package, so the
	// build cache serves them as before.
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", b.path, "-vet=off", "-ldflags=-w", "-overlay", overlay, pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Close()
		return nil, fmt.Errorf("mutant %s: %s does not build with the mutant applied:\n%s", m.Name, pkg, strings.TrimRight(string(out), "\n"))
	}
	// A lab's tests check the rules of student code before they run
	// (kit.Main). A mutant is there to be caught by the tests, not by that
	// check, so it is turned off wherever the binary has the flag.
	if b.hasFlag(ctx, "rules") {
		b.flags = []string{"-rules=false"}
	}
	b.hangFlag = b.hasFlag(ctx, "handler-timeout")
	b.seedListFlag = b.hasFlag(ctx, "seed-list")
	return b, nil
}

// command returns the command that runs the binary in the package's
// directory with args, with runEnv.
func (b *Binary) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = b.dir
	cmd.Env = append(runEnv(os.Environ()), b.env...)
	return cmd
}

// runGOGC is the garbage collector's target (GOGC) of the runs of a
// mutant's binary, unless the environment sets one: their heaps are tens
// of MiB and they live a few seconds, so collecting half as often costs
// little memory, and it saves a seventh of their CPU (go test -count=1
// -run TestMutantsAreCaught, warm cache, one lab after the other:
// hashring 36.1 and 30.1 s, election 21.4 and 18.1 s, paxos 21.2 and
// 17.8 s at GOGC 100 and 200). Nothing a run reports depends on when the
// collector runs: the simulator reads no clock and no memory statistics.
const runGOGC = "GOGC=200"

// runEnv returns env with runGOGC added, if env sets no GOGC.
func runEnv(env []string) []string {
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOGC=") {
			return env
		}
	}
	return append(env, runGOGC)
}

// hasFlag reports whether the binary defines the (boolean or valued)
// flag -name: it runs no test, and a binary without the flag says so.
func (b *Binary) hasFlag(ctx context.Context, name string) bool {
	probe := b.command(ctx, b.path, append([]string{"-test.run=^$", "-" + name + "=0"}, b.flags...)...)
	out, _ := probe.CombinedOutput()
	return !strings.Contains(string(out), "flag provided but not defined: -"+name)
}

// Close removes the binary and the patched files; a binary that a
// schema's mutants share stays until the Builds that made it is closed.
func (b *Binary) Close() error {
	if b.shared {
		return nil
	}
	return os.RemoveAll(b.tmp)
}

// Run runs the binary's tests once in the package's directory, with the
// test binary flags args (-test.run, -seeds, ...), through test2json.
func (b *Binary) Run(ctx context.Context, args ...string) (Result, error) {
	res := Result{Mutant: b.Mutant}
	tool, err := test2json()
	if err != nil {
		return res, err
	}
	cmd := b.command(ctx, tool, append(append([]string{"-t", b.path, "-test.v=test2json", "-test.count=1"}, b.flags...), args...)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	runErr := cmd.Run()
	tests, text, _ := parseJSON(out.Bytes())
	res.Tests, res.Output = tests, text
	for _, t := range tests {
		if t.Failed {
			res.Failed = append(res.Failed, t.Name)
		} else {
			res.Passed = append(res.Passed, t.Name)
		}
	}
	slices.Sort(res.Failed)
	slices.Sort(res.Passed)
	if runErr != nil && len(tests) == 0 {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		return res, fmt.Errorf("mutant %s: the tests do not run with the mutant applied: %v\n%s", b.Mutant.Name, runErr, text)
	}
	return res, nil
}

// List returns the names of the binary's tests and examples, in the order
// they run.
func (b *Binary) List(ctx context.Context) ([]string, error) {
	cmd := b.command(ctx, b.path, append([]string{"-test.list", "^(Test|Example)"}, b.flags...)...)
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("mutant %s: listing the tests: %w", b.Mutant.Name, err)
	}
	var names []string
	for _, line := range strings.Split(string(out), "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "Test") || strings.HasPrefix(line, "Example") {
			names = append(names, line)
		}
	}
	return names, nil
}

// DefaultSeeds asks the binary how many seeds each of the named tests
// runs by default, without running any (the kit's -list-sweeps, which
// records each Sweep's count on the results channel). Tests that are not
// seed sweeps are left out. A binary without the flag (tests that do not
// use the kit) says nothing: the map is empty and the error nil.
func (b *Binary) DefaultSeeds(ctx context.Context, names []string) (map[string]int, error) {
	counts := map[string]int{}
	if len(names) == 0 {
		return counts, nil
	}
	f, err := os.CreateTemp(b.tmp, "sweeps-*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("mutant %s: %w", b.Mutant.Name, err)
	}
	file := f.Name()
	f.Close()
	defer os.Remove(file)
	cmd := b.command(ctx, b.path, append([]string{"-test.run", anchored(names), "-test.count=1", "-list-sweeps", "-results", file}, b.flags...)...)
	// A test that is not a sweep runs in full while listing, and may fail
	// on the mutant: that is for the runs to find, not an error here.
	out, _ := cmd.CombinedOutput()
	if strings.Contains(string(out), "flag provided but not defined: -list-sweeps") {
		return counts, nil
	}
	recs, rerr := results.ReadFile(file)
	if rerr != nil {
		return nil, fmt.Errorf("mutant %s: listing the seeds of %s: %w", b.Mutant.Name, strings.Join(names, ", "), rerr)
	}
	for _, r := range recs {
		if r.Type == results.TypeSweep && r.DefaultSeeds > 0 {
			counts[r.Test] = r.DefaultSeeds
		}
	}
	return counts, nil
}

// test2json returns the path of the go command's test2json tool (which
// go tool -n builds if need be).
var test2json = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "tool", "-n", "test2json").Output()
	if err != nil {
		return "", fmt.Errorf("mutant: go tool -n test2json: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
})

// writeOverlay writes files and the overlay file that maps each path of
// the tree to its copy into a new temporary directory, and returns the
// directory and the overlay file's path. A file the tree does not have is
// added to it. name is the mutant's, or the schema's.
func writeOverlay(root, name string, files []File) (dir, overlay string, err error) {
	dir, err = os.MkdirTemp("", "distlab-mutant-"+name+"-")
	if err != nil {
		return "", "", fmt.Errorf("mutant %s: %w", name, err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	abs, err := filepath.Abs(root)
	if err != nil {
		cleanup()
		return "", "", fmt.Errorf("mutant %s: %w", name, err)
	}
	replace := map[string]string{}
	for i, f := range files {
		if !strings.HasSuffix(f.Path, ".go") {
			cleanup()
			return "", "", fmt.Errorf("mutant %s: %s is not Go source; a mutant can only patch the files the go command compiles", name, f.Path)
		}
		patched := filepath.Join(dir, fmt.Sprintf("%d-%s", i, filepath.Base(f.Path)))
		if err := os.WriteFile(patched, f.Data, 0o644); err != nil {
			cleanup()
			return "", "", fmt.Errorf("mutant %s: %w", name, err)
		}
		replace[filepath.Join(abs, filepath.FromSlash(f.Path))] = patched
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err != nil {
		cleanup()
		return "", "", fmt.Errorf("mutant %s: %w", name, err)
	}
	overlay = filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		cleanup()
		return "", "", fmt.Errorf("mutant %s: %w", name, err)
	}
	return dir, overlay, nil
}
