package rules

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Check checks the rules on the student packages named (all of Students
// if none) of the module at root: it lists each with go list, type-checks
// it and every package below it from source, compiling none of them
// (see load), runs Analyzer on each, and scans every
// file of their directories, those the build leaves out included. File
// names in the violations are slash-separated and relative to root;
// positions ignore //line directives.
//
// A package that does not parse or type-check gets only the checks that
// need no types, and a violation of RuleTypeCheck with its first error:
// code the checker cannot read is checked by nothing, even where the
// compiler builds it (go/parser refuses what gc accepts, such as
// expressions nested past its depth limit). A student directory that
// does not exist is skipped. The error is for a checker that could not
// run.
func Check(root string, students ...string) ([]Violation, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if len(students) == 0 {
		students = Students()
	}
	fset := token.NewFileSet()
	var vs []Violation
	add := func(pos token.Pos, rule, what string) {
		p := fset.PositionFor(pos, false)
		file := p.Filename
		if rel, err := filepath.Rel(root, file); err == nil {
			file = filepath.ToSlash(rel)
		}
		vs = append(vs, Violation{File: file, Line: p.Line, Col: p.Column, Rule: rule, What: what})
	}
	var patterns, dirs []string
	for _, s := range students {
		dir := filepath.Join(root, s)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		patterns = append(patterns, "./"+s+"/...")
		dirs = append(dirs, dir)
	}
	if len(patterns) == 0 {
		return nil, nil
	}
	pkgs, err := load(root, fset, students, patterns)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 || p.IllTyped || p.Types == nil {
			vs = append(vs, unchecked(root, p))
			continue
		}
		if err := analyze(p, students, add); err != nil {
			return nil, err
		}
	}
	for i, dir := range dirs {
		if err := scanDir(fset, dir, students[i], nil, true, add); err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
	}
	return sortViolations(vs), nil
}

// analyze runs Analyzer on one loaded package.
func analyze(p *packages.Package, students []string, add report) error {
	pass := &analysis.Pass{
		Analyzer:     Analyzer,
		Fset:         p.Fset,
		Files:        p.Syntax,
		OtherFiles:   p.OtherFiles,
		IgnoredFiles: p.IgnoredFiles,
		Pkg:          p.Types,
		TypesInfo:    p.TypesInfo,
		TypesSizes:   p.TypesSizes,
		ResultOf:     map[*analysis.Analyzer]any{},
		ReadFile:     os.ReadFile,
		Report: func(d analysis.Diagnostic) {
			what := strings.TrimPrefix(d.Message, d.Category+": ")
			what = strings.TrimSuffix(what, " — "+reasons[d.Category])
			add(d.Pos, d.Category, what)
		},
	}
	if err := run(pass, students, false); err != nil {
		return fmt.Errorf("rules: %s: %w", p.PkgPath, err)
	}
	return nil
}

// unchecked is the violation of a package the checker could not
// type-check, at its first error ("file:line:col: message", as go list
// and the type checker place it).
func unchecked(root string, p *packages.Package) Violation {
	v := Violation{File: p.PkgPath, Rule: RuleTypeCheck, What: "the package does not type-check"}
	if len(p.Errors) == 0 {
		return v
	}
	e := p.Errors[0]
	v.What = "the package does not type-check: " + e.Msg
	pos := e.Pos
	for _, n := range []*int{&v.Col, &v.Line} {
		i := strings.LastIndexByte(pos, ':')
		if i < 0 {
			break
		}
		num, err := strconv.Atoi(pos[i+1:])
		if err != nil {
			break
		}
		*n, pos = num, pos[:i]
	}
	if v.Line == 0 {
		v.Line, v.Col = v.Col, 0 // "file:line"
	}
	if pos != "" && pos != "-" {
		v.File = pos
		if rel, err := filepath.Rel(root, pos); err == nil {
			v.File = filepath.ToSlash(rel)
		}
	}
	return v
}
