package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/shard"
	"github.com/distlab/distlab/grader/internal/testrun"
	"github.com/distlab/distlab/grader/internal/tree"
	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/labs/rules"
)

// Hooks see a run as it goes. Any of them may be nil; they run on the
// engine's goroutine.
type Hooks struct {
	BuildStart func(l *report.Lab)
	TestStart  func(l *report.Lab, t *report.Test)
	// Progress runs on every event of a running test, with the outcome
	// so far.
	Progress func(l *report.Lab, t *report.Test, o *testrun.Outcome)
	TestDone func(l *report.Lab, t *report.Test)
}

// Engine runs graded tests.
type Engine struct {
	Config testrun.Config
	// CheckRules checks the rules of labs/README.md (package labs/rules)
	// before a lab runs (with Rules if set, else in this process): a lab whose student package
	// breaks one scores 0, and its tests run with -rules=false, since
	// the check is done.
	CheckRules bool
	// Rules, if not nil, is how CheckRules checks a lab's student
	// package instead of rules.Check in this process: grading checks
	// submissions in a child process under limits (testrun.CheckRules).
	// It returns the violations and how many more it found than it
	// returned.
	Rules   func(ctx context.Context, root, student string) (vs []rules.Violation, more int, err error)
	Missing []string // student packages the submission lacks: their labs score 0
	Hooks   Hooks
}

// NewReport returns a report of the tests of all that chosen keeps and
// that shard s has, every one pending, in lab and source order, and how
// many tests chosen keeps. The report holds copies of the labs and tests;
// each test's Index is its place (from 0) among all those chosen, which
// the shards split, while the labs' and tests' Numbers stay their places
// in the official tree (Gradescope numbers tests by them).
func NewReport(all []*report.Lab, chosen func(*report.Test) bool, s shard.Shard) (r *report.Report, selected int) {
	r = &report.Report{Version: report.Version, Labs: []*report.Lab{}}
	for _, l := range all {
		var cur *report.Lab
		for _, t := range l.Tests {
			if !chosen(t) {
				continue
			}
			selected++
			if !s.Has(selected - 1) {
				continue
			}
			if cur == nil {
				cur = &report.Lab{Name: l.Name, Number: l.Number, Package: l.Package, Student: l.Student, Dir: l.Dir}
				r.Labs = append(r.Labs, cur)
			}
			c := *t // as found: no results yet
			c.Index, c.Status, c.Message = selected-1, report.Pending, "not run"
			cur.Tests = append(cur.Tests, &c)
		}
	}
	return r, selected
}

// Run runs every pending test of r. It returns early, leaving tests
// pending, if ctx is cancelled; the error is then ctx's.
func (e *Engine) Run(ctx context.Context, r *report.Report) error {
	bins, err := os.MkdirTemp("", "distlab-grader-bin-")
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	defer os.RemoveAll(bins)
	for _, l := range r.Labs {
		if err := e.runLab(ctx, l, bins); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) runLab(ctx context.Context, l *report.Lab, bins string) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if slices.Contains(e.Missing, l.Student) {
		l.BuildError = fmt.Sprintf("the submission has no %s/ directory: the lab's student package is missing", l.Student)
		e.failAll(l, report.Build, "the lab does not build: the submission has no "+l.Student+"/ package", "")
		return nil
	}
	run := e.Config
	var vs []rules.Violation
	more := 0
	if e.CheckRules {
		var err error
		vs, more, err = e.checkRules(ctx, l.Student)
		var berr *testrun.BuildError
		switch {
		case errors.As(err, &berr):
			// Stopped at a limit, or crashed: not checked, not graded.
			l.Imports = []string{berr.Output}
			e.failAll(l, report.Imports, shorten("the lab is not graded: "+firstLine(berr.Output)), trimOutput(berr.Output))
			return nil
		case err != nil:
			return fmt.Errorf("engine: %w", err)
		}
		// Code the checker cannot type-check usually does not compile
		// either: the build then says why, as it would without the
		// rules. Any other violation fails the lab before it builds.
		if more > 0 || !onlyTypeErrors(vs) {
			e.failRules(l, vs, more)
			return nil
		}
		run.Args = append(slices.Clip(run.Args), "-rules=false")
	}
	if e.Hooks.BuildStart != nil {
		e.Hooks.BuildStart(l)
	}
	bin, err := testrun.Build(ctx, e.Config, l.Package, bins)
	var berr *testrun.BuildError
	switch {
	case errors.As(err, &berr):
		l.BuildError = berr.Output
		e.failAll(l, report.Build, shorten("the lab does not build: "+compilerError(berr.Output)), trimOutput(berr.Output))
		return nil
	case err != nil:
		return err
	case len(vs) > 0:
		// It compiles, and the checker could not read it: nothing
		// checked it, so it is not graded.
		e.failRules(l, vs, more)
		return nil
	}
	dir := filepath.Join(e.Config.Root, filepath.FromSlash(strings.TrimPrefix(l.Package, "./")))
	importPath := tree.Module + "/" + strings.TrimPrefix(l.Package, "./")
	if err := e.listSeeds(ctx, run, l, bin, dir); err != nil {
		return err
	}
	for _, t := range l.Tests {
		if t.Status != report.Pending {
			continue
		}
		if e.Hooks.TestStart != nil {
			e.Hooks.TestStart(l, t)
		}
		var each func(*testrun.Outcome)
		if e.Hooks.Progress != nil {
			each = func(o *testrun.Outcome) { e.Hooks.Progress(l, t, o) }
		}
		out, err := testrun.Run(ctx, run, bin, dir, importPath, t.Name, SeedsFor(e.Config, t.Name, t.DefaultSeeds), each)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return err
		}
		Fill(t, l.Package, out, e.Config)
		e.done(l, t)
	}
	return nil
}

// listSeeds learns from the lab's test binary how many seeds each
// pending test runs by default (see testrun.List), unless the seeds are
// set for every test. A test whose kit reports that it cannot run fails
// at once. A test that does not say runs with no seeds asked for: it
// scores 0 ("results missing", or it skipped itself) unless it ran none.
func (e *Engine) listSeeds(ctx context.Context, run testrun.Config, l *report.Lab, bin, dir string) error {
	if e.Config.Seed >= 0 || e.Config.Seeds > 0 {
		return nil
	}
	var names []string
	for _, t := range l.Tests {
		if t.Status == report.Pending {
			names = append(names, t.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	listed, err := testrun.List(ctx, run, bin, dir, names)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	_ = err // a test the listing missed says so when it runs
	for _, t := range l.Tests {
		rec, ok := listed[t.Name]
		switch {
		case t.Status != report.Pending || !ok:
		case rec.Type == results.TypeSweep:
			t.DefaultSeeds = rec.DefaultSeeds
		case rec.Type == results.TypeError:
			t.Status, t.Message = report.Fail, shorten("failed: "+firstLine(rec.Message))
			e.done(l, t)
		}
	}
	return nil
}

// done tells the hooks that test t of lab l is done.
func (e *Engine) done(l *report.Lab, t *report.Test) {
	if e.Hooks.TestDone != nil {
		e.Hooks.TestDone(l, t)
	}
}

// failAll gives every pending test of l the same status, message and
// output. Each test carries the whole story, since formats such as
// Gradescope's and JUnit show tests one by one.
func (e *Engine) failAll(l *report.Lab, st report.Status, msg, output string) {
	for _, t := range l.Tests {
		if t.Status != report.Pending {
			continue
		}
		t.Status, t.Message, t.Output = st, msg, output
		e.done(l, t)
	}
}

// compilerError returns the first error of a go build's output: its first
// line that is not a "# package" header.
func compilerError(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	return "see the compiler's message"
}

// The most of a compiler's message each test of a lab that does not build
// carries.
const (
	maxOutputLines = 40
	maxOutputBytes = 4 << 10
)

// trimOutput keeps the first lines of a long message.
func trimOutput(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	var b strings.Builder
	for i, line := range lines {
		if i == maxOutputLines || b.Len()+len(line) > maxOutputBytes {
			fmt.Fprintf(&b, "... (%d more lines)", len(lines)-i)
			break
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// failRules fails every test of l for the violations vs.
func (e *Engine) failRules(l *report.Lab, vs []rules.Violation, more int) {
	shown := vs[:min(len(vs), maxViolations)]
	for _, v := range shown {
		l.Imports = append(l.Imports, v.String())
	}
	if n := len(vs) - len(shown) + more; n > 0 {
		l.Imports = append(l.Imports, fmt.Sprintf("... and %d more (go run ./grader check lists every one)", n))
	}
	e.failAll(l, report.Imports, rulesMessage(l.Student, vs, more), strings.Join(l.Imports, "\n"))
}

// checkRules checks the rules on student, with e.Rules if set.
func (e *Engine) checkRules(ctx context.Context, student string) ([]rules.Violation, int, error) {
	if e.Rules != nil {
		return e.Rules(ctx, e.Config.Root, student)
	}
	vs, err := rules.Check(e.Config.Root, student)
	return vs, 0, err
}

// maxViolations bounds the violations a lab's report carries (the lab's
// list, and each of its tests' output): a student package can break a
// rule on every line, and a million violations, copied into every test
// of the lab, made reports of gigabytes that exhausted the grader's
// memory before it wrote any.
const maxViolations = 100

// onlyTypeErrors reports whether every violation of vs (none included)
// is of code the checker could not type-check.
func onlyTypeErrors(vs []rules.Violation) bool {
	for _, v := range vs {
		if v.Rule != rules.RuleTypeCheck {
			return false
		}
	}
	return true
}

// rulesMessage says in one line that student breaks the rules, and
// where first.
func rulesMessage(student string, vs []rules.Violation, more int) string {
	first := vs[0]
	msg := fmt.Sprintf("%s/ breaks the rules of labs/README.md: %s:%d:%d: %s: %s", student, first.File, first.Line, first.Col, first.Rule, first.What)
	if n := len(vs) - 1 + more; n > 0 {
		msg += fmt.Sprintf(" (and %d more)", n)
	}
	return msg
}
