package testrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/distlab/distlab/labs/rules"
)

// RulesCommand is the first argument that makes the grader binary a rules
// checker (see RulesMain) rather than the grader: CheckRules starts it.
const RulesCommand = "__check-rules"

// maxRulesViolations is the most violations a rules check hands back; it
// says how many more there are. A package may break a rule on every line
// of its 16 MiB, and a million violations would make a result file of
// hundreds of MiB that the grader reads into its own memory.
const maxRulesViolations = 1000

// rulesResult is what the rules checker writes to its result file.
type rulesResult struct {
	Violations []rules.Violation `json:"violations"`
	More       int               `json:"more"`  // violations found beyond Violations
	Error      string            `json:"error"` // the check could not run (not the code's fault)
}

// CheckRules checks the rules of labs/README.md on package student of the
// tree at c.Root, in a child process: self (the grader binary) run with
// RulesCommand. It returns at most maxRulesViolations violations, and how
// many more there are.
//
// The check parses and type-checks the submission's code, and code can
// make that take gigabytes or minutes of the process that does it: in the
// grader's own process it would escape the limits of every test. So it
// runs apart, under the limits of a build: c.BuildTimeout of wall time
// and buildMemory(c.Memory). A check stopped at a limit, or that ends
// without writing its result (it crashed), is a *BuildError naming
// student: the lab cannot be graded. The child runs none of the
// submission's code, and its result comes through a file in a directory
// only the grader writes.
func CheckRules(ctx context.Context, c Config, self, student string) ([]rules.Violation, int, error) {
	dir, err := os.MkdirTemp("", "distlab-rules-")
	if err != nil {
		return nil, 0, fmt.Errorf("testrun: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "result.json")

	checkCtx, stop := ctx, context.CancelFunc(func() {})
	if c.BuildTimeout > 0 {
		checkCtx, stop = context.WithTimeout(ctx, c.BuildTimeout)
	}
	defer stop()
	cmd := exec.CommandContext(checkCtx, self)
	// argv[0] is "grader" whatever the binary's file is called (the
	// grader's tests run it under another name).
	cmd.Args = []string{"grader", RulesCommand, file, c.Root, student}
	cmd.Dir = c.Root
	cmd.Env = ChildEnv(os.Environ())
	limit := buildMemory(c.Memory)
	limitMemory(cmd, limit)
	ownGroup(cmd)
	var out cappedBuilder
	memory, err := startWatched(cmd, &out, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("testrun: checking the rules of %s: %w", student, err)
	}
	err = cmd.Wait()
	peak, over := memory()
	output := strings.TrimSpace(out.String())
	stopped := func(format string, args ...any) error {
		return &BuildError{Package: student, Output: "checking the rules of " + student + "/ was stopped: " + fmt.Sprintf(format, args...)}
	}
	switch {
	case ctx.Err() != nil:
		return nil, 0, ctx.Err()
	case over:
		return nil, 0, stopped("it grew to %s, over the limit of %s (an honest lab is checked in tens of MiB)", FormatBytes(peak), FormatBytes(limit))
	case checkCtx.Err() != nil:
		return nil, 0, stopped("it ran past %v, its time limit (--build-timeout)", c.BuildTimeout)
	}
	data, rerr := os.ReadFile(file)
	var res rulesResult
	if rerr != nil || json.Unmarshal(data, &res) != nil {
		// Fail closed: no result is no pass.
		msg := "the checker ended without a result"
		if err != nil {
			msg += " (" + err.Error() + ")"
		}
		if output != "" {
			msg += ":\n" + output
		}
		return nil, 0, &BuildError{Package: student, Output: "checking the rules of " + student + "/ failed: " + msg}
	}
	if res.Error != "" {
		return nil, 0, errors.New(res.Error)
	}
	return res.Violations, res.More, nil
}

// RulesMain is the rules checker that CheckRules starts: args are the
// result file, the tree's root and the student package. It writes the
// result to a temporary file and renames it into place, so the file
// exists only whole, and returns the exit code.
func RulesMain(args []string) int {
	if len(args) != 3 {
		fmt.Fprintf(os.Stderr, "usage: grader %s RESULT ROOT STUDENT\n", RulesCommand)
		return 2
	}
	file, root, student := args[0], args[1], args[2]
	var res rulesResult
	vs, err := rules.Check(root, student)
	if err != nil {
		res.Error = err.Error()
	}
	if len(vs) > maxRulesViolations {
		res.More = len(vs) - maxRulesViolations
		vs = vs[:maxRulesViolations]
	}
	res.Violations = vs
	data, err := json.Marshal(res)
	if err == nil {
		tmp := file + ".tmp"
		if err = os.WriteFile(tmp, data, 0o600); err == nil {
			err = os.Rename(tmp, file)
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "grader: %v\n", err)
		return 1
	}
	return 0
}
