package main

import (
	"cmp"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"

	"github.com/distlab/distlab/grader/internal/labs"
	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/tree"
	"github.com/distlab/distlab/internal/gotest"
)

// grader holds what every command shares.
type grader struct {
	stdout, stderr io.Writer
	rootFlag       string

	root string        // resolved by setup
	labs []*report.Lab // the official tree's labs
}

// setup finds the official tree and its labs.
func (g *grader) setup() error {
	root := g.rootFlag
	if root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		r, err := gotest.Root(wd, tree.Module)
		if err != nil {
			return usageError("run the grader inside the distlab repository, or pass --root DIR (%s)", trimPrefix(err.Error()))
		}
		root = r
	} else {
		r, err := filepath.Abs(root)
		if err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(r, "go.mod")); err != nil {
			return usageError("--root %s: no go.mod there; point --root at the distlab repository", root)
		}
		root = r
	}
	all, err := labs.Discover(root)
	if err != nil {
		return usageError("%s", trimPrefix(err.Error()))
	}
	g.root, g.labs = root, all
	return nil
}

// lab returns the lab named name.
func (g *grader) lab(name string) (*report.Lab, error) {
	if i := slices.IndexFunc(g.labs, func(l *report.Lab) bool { return l.Name == name }); i >= 0 {
		return g.labs[i], nil
	}
	names := cmp.Or(strings.Join(g.students(), ", "), "none yet") // a lab's name is its student package's
	return nil, usageError("unknown lab %q; the labs are %s (run `go run ./grader list` to see them)", name, names)
}

// chooseLabs returns the labs named in args, or every lab if there are
// none.
func (g *grader) chooseLabs(args []string) ([]*report.Lab, error) {
	if len(args) == 0 {
		return g.labs, nil
	}
	var chosen []*report.Lab
	for _, a := range args {
		l, err := g.lab(a)
		if err != nil {
			return nil, err
		}
		chosen = append(chosen, l)
	}
	return chosen, nil
}

// students returns the student package of every lab.
func (g *grader) students() []string {
	var out []string
	for _, l := range g.labs {
		out = append(out, l.Student)
	}
	return out
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// colors reports whether output to w gets colors: a terminal, and no
// NO_COLOR (fatih/color checks both for standard output).
func colors(w io.Writer) bool {
	return isTerminal(w) && !color.NoColor && os.Getenv("NO_COLOR") == ""
}

func goVersion() string { return runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH }

var plural = report.Plural
