package mutant

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// Result is what a lab's tests did on a mutant.
type Result struct {
	Mutant Mutant
	Failed []string // top-level tests that failed, sorted
	Passed []string // top-level tests that passed, sorted
	Output string   // everything the tests printed
}

// Caught reports whether any test failed.
func (r Result) Caught() bool { return len(r.Failed) > 0 }

// Run applies m to a scratch copy of the module at root and runs the tests
// of package pkg ("./labs/hashring") there with go test -json and the
// extra args. It returns an error if the mutant does not apply or the
// package does not build: a mutant must be a working program with a bug.
func Run(ctx context.Context, root, pkg string, m Mutant, args ...string) (Result, error) {
	res := Result{Mutant: m}
	dir, err := os.MkdirTemp("", "distlab-mutant-"+m.Name+"-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	if err := CopyTree(root, dir, "handout"); err != nil {
		return res, fmt.Errorf("mutant %s: copying the module: %w", m.Name, err)
	}
	if err := m.Apply(dir); err != nil {
		return res, err
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-json", "-count=1", pkg}, args...)...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	runErr := cmd.Run()
	failed, passed, text, buildFailed := parseJSON(out.Bytes())
	res.Failed, res.Passed, res.Output = failed, passed, text
	if buildFailed || (runErr != nil && len(failed) == 0 && len(passed) == 0) {
		return res, fmt.Errorf("mutant %s: %s does not build or run with the mutant applied:\n%s", m.Name, pkg, text)
	}
	return res, nil
}

// event is one line of go test -json.
type event struct {
	Action string
	Test   string
	Output string
}

// parseJSON reads go test -json output: the top-level tests that failed
// and passed, the printed text, and whether the build failed.
func parseJSON(data []byte) (failed, passed []string, text string, buildFailed bool) {
	var b strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			b.Write(sc.Bytes()) // the go command's own messages
			b.WriteByte('\n')
			continue
		}
		b.WriteString(ev.Output)
		if ev.Action == "build-fail" {
			buildFailed = true
		}
		if ev.Test == "" || strings.Contains(ev.Test, "/") {
			continue
		}
		switch ev.Action {
		case "fail":
			failed = append(failed, ev.Test)
		case "pass":
			passed = append(passed, ev.Test)
		}
	}
	slices.Sort(failed)
	slices.Sort(passed)
	return failed, passed, b.String(), buildFailed
}
