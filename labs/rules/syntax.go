package rules

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// checkSyntax applies the rules that need no types to one parsed file of
// the student package student: build constraints, directives, imports.
func checkSyntax(fset *token.FileSet, f *ast.File, student string, r report) {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			checkComment(c, f.Package, r)
		}
	}
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if rule, what := importProblem(student, path); rule != "" {
			r(imp.Path.Pos(), rule, what)
		}
	}
}

// checkComment reports build constraints and directives: //go:anything,
// //line and /*line, // +build before the package clause.
func checkComment(c *ast.Comment, pkg token.Pos, r report) {
	text := c.Text
	switch {
	case strings.HasPrefix(text, "//go:build"):
		r(c.Pos(), RuleBuildTag, "//go:build line: student files are built under every configuration")
	case strings.HasPrefix(text, "//go:"):
		name, _, _ := strings.Cut(strings.TrimPrefix(text, "//"), " ")
		r(c.Pos(), RuleDirective, "//"+name+" directive")
	case strings.HasPrefix(text, "//line ") || strings.HasPrefix(text, "/*line "):
		r(c.Pos(), RuleDirective, "line directive")
	case c.Pos() < pkg && strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(text, "//")), "+build"):
		r(c.Pos(), RuleBuildTag, "// +build line: student files are built under every configuration")
	}
}
