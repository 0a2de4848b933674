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
		return nil, run(pass, strings.Split(studentsFlag, ","))
	},
}

var studentsFlag string

func init() {
	Analyzer.Flags.StringVar(&studentsFlag, "students", strings.Join(Students(), ","),
		"the student packages, comma-separated: directories under the module root whose packages the rules apply to")
}

// run checks pass's package if it belongs to one of students.
func run(pass *analysis.Pass, students []string) error {
	student, ok := studentOf(pass.Pkg.Path(), students)
	if !ok {
		return nil
	}
	r := passReport(pass)
	var files []*ast.File
	seen := map[string]bool{}
	dir := ""
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if base := filepath.Base(name); filepath.Ext(name) != ".go" || strings.HasPrefix(base, "_cgo_") || strings.HasSuffix(base, ".cgo1.go") {
			// cgo's output: the scan reports the import "C" of the
			// source, which a line directive names.
			if src := pass.Fset.Position(f.Package).Filename; strings.HasSuffix(base, ".cgo1.go") && dir == "" {
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
		c.globals(f)
	}
	for _, f := range files {
		c.file(f)
		c.foreign(f)
		c.reach(f)
	}
	return nil
}
