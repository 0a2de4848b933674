package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/engine"
	"github.com/distlab/distlab/grader/internal/handout"
	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/shard"
	"github.com/distlab/distlab/grader/internal/testrun"
	"github.com/distlab/distlab/labs/rules"
)

func newHandoutCmd(g *grader) *cobra.Command {
	var (
		out     string
		force   bool
		noCheck bool
		seeds   int
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "handout -o DIR",
		Short: "Write the student edition of the repository, and check it",
		Long: `handout writes the student edition of this repository into DIR: a copy in
which every solution region of the student packages is replaced by its
prompt and stubs, and without instructor-only files: hidden tests
(*_hidden_test.go), mutants (labs/*/testdata/mutants/, labs/*/mutants_test.go),
the grader's sample submissions and the tests that use them, and
docs/AUTHORING.md. In Markdown files, the lines between the markers
<!-- BEGIN INSTRUCTOR --> and <!-- END INSTRUCTOR --> (each on a line of its
own) are removed too; a region left open, or inside another, is an error.

Then it checks the handout: no solution region, instructor marker or link to
a file left out may remain; it must build and pass go vet; its skeleton
must follow the rules of student code (as "grader check" does); and every graded
test of every lab must fail on it (run with --seeds seeds each), since a
test that passes on the skeleton gives points for nothing. The exit status
is 1 when a check fails.

DIR must be empty or not exist, unless --force, which empties it first.`,
		Example: `  go run ./grader handout -o ../distlab-handout
  go run ./grader handout -o /tmp/handout --force --no-check`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageError("handout needs -o DIR: where to write the student edition")
			}
			if err := checkSeeds(cmd, seeds, -1, timeout); err != nil {
				return err
			}
			if err := g.setup(); err != nil {
				return err
			}
			abs, err := filepath.Abs(out)
			if err != nil {
				return err
			}
			if rel, err := filepath.Rel(abs, g.root); err == nil && !strings.HasPrefix(rel, "..") {
				return usageError("-o %s is the repository or holds it; write the handout somewhere else", out)
			}
			if err := prepareDir(abs, force); err != nil {
				return err
			}
			students := g.students()
			skipOut := func(rel string, d fs.DirEntry) bool {
				return filepath.Join(g.root, filepath.FromSlash(rel)) == abs
			}
			res, err := handout.Write(g.root, abs, students, skipOut)
			if err != nil {
				return &exitError{code: exitFailed, msg: trimPrefix(err.Error())}
			}
			fmt.Fprintf(g.stdout, "wrote the handout to %s\n", out)
			fmt.Fprintf(g.stdout, "  stripped %s: %s\n", plural(len(res.Stripped), "file"), strings.Join(res.Stripped, ", "))
			fmt.Fprintf(g.stdout, "  left out %s: %s\n", plural(len(res.Removed), "instructor-only path"), strings.Join(res.Removed, ", "))
			fmt.Fprintf(g.stdout, "  removed instructor-only regions from %s: %s\n", plural(len(res.Markdown), "Markdown file"), strings.Join(res.Markdown, ", "))
			if noCheck {
				return nil
			}
			return g.checkHandout(cmd.Context(), abs, students, seeds, timeout)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&out, "output", "o", "", "the directory to write the handout into")
	fs.BoolVar(&force, "force", false, "empty DIR first if it is not empty")
	fs.BoolVar(&noCheck, "no-check", false, "do not build, vet and run the handout")
	fs.IntVar(&seeds, "seeds", 2, "seeds per test when checking that the lab tests fail on the handout")
	fs.DurationVar(&timeout, "timeout", time.Minute, "wall time limit of one test when checking the handout")
	return cmd
}

// prepareDir makes dir an empty directory, refusing to empty one that
// holds files unless force.
func prepareDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return usageError("-o %s: %v", dir, err)
	case len(entries) == 0:
		return nil
	case !force:
		return usageError("-o %s is not empty; pass --force to replace what it holds", dir)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// checkHandout builds and vets the handout, and runs every graded test
// there, each of which must fail.
func (g *grader) checkHandout(ctx context.Context, dir string, students []string, seeds int, timeout time.Duration) error {
	ok := true
	check := func(what string, err error) {
		if err != nil {
			ok = false
			fmt.Fprintf(g.stdout, "  FAIL  %s:\n%s\n", what, report.Indent(err.Error(), "        "))
			return
		}
		fmt.Fprintf(g.stdout, "  ok    %s\n", what)
	}
	fmt.Fprintln(g.stdout, "checking the handout:")
	left, err := handout.Leftovers(dir, students)
	if err == nil && len(left) > 0 {
		err = fmt.Errorf("solution regions left in %s", strings.Join(left, ", "))
	}
	check("no solution regions are left", err)
	problems, err := handout.CheckMarkdown(g.root, dir)
	if err == nil && len(problems) > 0 {
		err = errors.New(strings.Join(problems, "\n"))
	}
	check("no instructor-only Markdown is left (markers, links to files left out)", err)
	check("go build ./...", goCmd(ctx, dir, "build", "./..."))
	check("go vet ./...", goCmd(ctx, dir, "vet", "./..."))
	vs, err := rules.Check(dir, students...)
	if err == nil && len(vs) > 0 {
		err = fmt.Errorf("%s:\n%s", plural(len(vs), "violation"), joinLines(vs))
	}
	check("the skeleton follows the rules of labs/README.md", err)

	g2 := &grader{stdout: g.stdout, stderr: g.stderr, rootFlag: dir}
	if err := g2.setup(); err != nil {
		return err
	}
	rep, err := g2.selectTests(nil, "", shard.All)
	if err != nil {
		return err
	}
	// The rules are checked above: the tests need not check them again.
	eng := &engine.Engine{Config: testrun.Config{Root: dir, Seeds: seeds, Seed: -1, Trimpath: true, Timeout: timeout, Args: []string{"-rules=false"}}}
	if err := eng.Run(ctx, rep); err != nil {
		return err
	}
	for _, l := range rep.Labs {
		var passing []string
		for _, t := range l.Tests {
			if t.Status == report.Pass {
				passing = append(passing, t.Name)
			}
		}
		what := fmt.Sprintf("%s: all %s fail on the skeleton (%s each)", l.Name, plural(len(l.Tests), "graded test"), plural(seeds, "seed"))
		var err error
		switch {
		case l.BuildError != "":
			err = fmt.Errorf("the lab's tests do not build on the skeleton:\n%s", l.BuildError)
		case len(passing) > 0:
			err = fmt.Errorf("%d of %d pass on the skeleton, giving points for nothing: %s", len(passing), len(l.Tests), strings.Join(passing, ", "))
		}
		check(what, err)
	}
	if !ok {
		fmt.Fprintln(g.stdout, "the handout is written, but it failed a check")
		return failed()
	}
	fmt.Fprintln(g.stdout, "the handout is ready")
	return nil
}

// goCmd runs a go command in dir; its output is the error's message.
func goCmd(ctx context.Context, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return errors.New(strings.TrimSpace(string(out)))
	}
	return nil
}

func joinLines[T fmt.Stringer](xs []T) string {
	lines := make([]string, len(xs))
	for i, x := range xs {
		lines[i] = x.String()
	}
	return strings.Join(lines, "\n")
}
