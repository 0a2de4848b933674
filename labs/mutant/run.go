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

// Run applies m to the module at root through an overlay (go test
// -overlay: the go command reads the patched files in place of the
// originals, and the build cache keeps every package the mutant does not
// touch) and runs the tests of package pkg ("./labs/hashring") once, with
// go test -json and the extra args (go test flags, then test binary flags
// such as -seeds). go vet is off: the mutant is a bug for the tests to
// catch, not code to review. It returns an error if the mutant does not
// apply or the package does not build: a mutant must be a working program
// with a bug.
//
// Only Go source files can be patched: files that tests read at run time
// (testdata) are not compiled, so no overlay can replace them.
func Run(ctx context.Context, root, pkg string, m Mutant, args ...string) (Result, error) {
	res := Result{Mutant: m}
	overlay, cleanup, err := writeOverlay(root, m)
	if err != nil {
		return res, err
	}
	defer cleanup()
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-json", "-count=1", "-vet=off", "-overlay", overlay, pkg}, args...)...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	runErr := cmd.Run()
	tests, text, buildFailed := parseJSON(out.Bytes())
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
	if buildFailed || (runErr != nil && len(tests) == 0) {
		return res, fmt.Errorf("mutant %s: %s does not build or run with the mutant applied:\n%s", m.Name, pkg, text)
	}
	return res, nil
}

// writeOverlay writes the files m patches and the overlay file that maps
// each original to its patched copy, in a new temporary directory, and
// returns the overlay file's path and a function that removes it all.
func writeOverlay(root string, m Mutant) (string, func(), error) {
	files, err := m.Patch(root)
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "distlab-mutant-"+m.Name+"-")
	if err != nil {
		return "", nil, fmt.Errorf("mutant %s: %w", m.Name, err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	abs, err := filepath.Abs(root)
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("mutant %s: %w", m.Name, err)
	}
	replace := map[string]string{}
	for i, f := range files {
		if !strings.HasSuffix(f.Path, ".go") {
			cleanup()
			return "", nil, fmt.Errorf("mutant %s: %s is not Go source; a mutant can only patch the files the go command compiles", m.Name, f.Path)
		}
		patched := filepath.Join(dir, fmt.Sprintf("%d-%s", i, filepath.Base(f.Path)))
		if err := os.WriteFile(patched, f.Data, 0o644); err != nil {
			cleanup()
			return "", nil, fmt.Errorf("mutant %s: %w", m.Name, err)
		}
		replace[filepath.Join(abs, filepath.FromSlash(f.Path))] = patched
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("mutant %s: %w", m.Name, err)
	}
	overlay := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("mutant %s: %w", m.Name, err)
	}
	return overlay, cleanup, nil
}
