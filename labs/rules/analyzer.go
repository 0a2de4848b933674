package rules

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Analyzer checks the rules on a student package (any package under
// Module/election, Module/hashring or Module/paxos; it ignores others). It
// also scans the package's directory for the files the build leaves out
// (build-tagged, non-Go) and the directories below it that ./... skips
// (_x, .x, testdata), so that go vet sees every file. Test files are
// skipped.
var Analyzer = &analysis.Analyzer{
	Name: "distlabrules",
	Doc:  "check the rules of distlab's student packages (see labs/README.md)",
	URL:  "https://pkg.go.dev/github.com/distlab/distlab/labs/rules",
	Run: func(pass *analysis.Pass) (any, error) {
		return nil, run(pass, strings.Split(studentsFlag, ","), true)
	},
}

var studentsFlag string

func init() {
	Analyzer.Flags.StringVar(&studentsFlag, "students", strings.Join(Students(), ","),
		"the student packages, comma-separated: directories under the module root whose packages the rules apply to")
}

// run checks pass's package if it belongs to one of students. With cgo,
// the files of cgo's output are left out (see cgoOutput); without, every
// file is checked.
func run(pass *analysis.Pass, students []string, cgo bool) error {
	student, ok := studentOf(pass.Pkg.Path(), students)
	if !ok {
		return nil
	}
	r := passReport(pass)
	var files []*ast.File
	seen := map[string]bool{}
	dir := ""
	generated := map[string]bool{}
	if cgo {
		generated = cgoOutput(pass)
	}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if generated[name] {
			// cgo's output: the scan reports the import "C" of the
			// source, which a line directive names.
			if src := pass.Fset.Position(f.Package).Filename; strings.HasSuffix(name, ".cgo1.go") && dir == "" {
				dir = filepath.Dir(src)
			}
			continue
		}
		seen[name] = true
		dir = filepath.Dir(name)
		if isTest(name) {
			continue
		}
		files = append(files, f)
		checkName(f, filepath.Base(name), r)
		checkSyntax(pass.Fset, f, student, r)
	}
	for _, name := range append(pass.OtherFiles, pass.IgnoredFiles...) {
		if dir == "" {
			dir = filepath.Dir(name) // a package of cgo files only
		}
	}
	if dir != "" {
		if err := scanDir(pass.Fset, dir, student, seen, false, r); err != nil {
			return err
		}
	}
	c := &checker{pass: pass, eff: newEffects(pass, files), sentinels: map[types.Object]bool{}, flagged: map[token.Position]bool{}}
	c.r = func(pos token.Pos, rule, what string) {
		p := pass.Fset.Position(pos)
		c.flagged[token.Position{Filename: p.Filename, Line: p.Line}] = true
		r(pos, rule, what)
	}
	for _, f := range files {
		c.budget += workPerByte * int(f.End()-f.Pos())
		c.globals(f)
	}
	c.budget += 1 << 20
	for _, f := range files {
		c.file(f)
		c.foreign(f)
		c.reach(f)
	}
	return nil
}

// cgoNamed reports whether a Go file's name is one that cgo gives its
// output.
func cgoNamed(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, "_cgo_") || strings.HasSuffix(base, ".cgo1.go")
}

// cgoOutput returns the files of pass that are cgo's output, which go vet
// hands an analyzer for a package that imports "C" (Check builds without
// cgo, so no file it checks is: see Check). The go command writes them
// to a work directory of its own, and each x.cgo1.go there starts with a
// line directive that names its source, x.go, in the package's
// directory. So a file is cgo's when it is named as cgo names its output,
// in a directory where an x.cgo1.go names a source elsewhere, and that
// holds no Go file of another name: a file named so beside the package's
// own files is the student's, and is checked like any other.
func cgoOutput(pass *analysis.Pass) map[string]bool {
	work, own := map[string]bool{}, map[string]bool{}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		dir := filepath.Dir(name)
		switch {
		case !cgoNamed(name):
			own[dir] = true
		case strings.HasSuffix(name, ".cgo1.go") && filepath.Dir(pass.Fset.Position(f.Package).Filename) != dir:
			work[dir] = true
		}
	}
	out := map[string]bool{}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if dir := filepath.Dir(name); cgoNamed(name) && work[dir] && !own[dir] {
			out[name] = true
		}
	}
	return out
}
