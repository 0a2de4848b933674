package labs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/distlab/distlab/grader/internal/report"
)

// The directives of a graded test's doc comment.
const (
	pointsDirective = "//lab:points"
	partDirective   = "//lab:part"
)

// ParseFile returns the graded tests declared in one test file. path names
// the file in errors (relative to the module root); its base name tells
// whether the tests are hidden. A malformed directive is an error naming
// the file and line.
func ParseFile(path string, src []byte) ([]*report.Test, error) {
	_, tests, err := parseFile(path, src)
	return tests, err
}

// parseFile is ParseFile that also returns the file's package name.
func parseFile(path string, src []byte) (string, []*report.Test, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return "", nil, fmt.Errorf("labs: %w", err)
	}
	base := filepath.Base(path)
	var tests []*report.Test
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Doc == nil {
			continue
		}
		t := &report.Test{
			Name:   fn.Name.Name,
			File:   base,
			Line:   fset.Position(fn.Pos()).Line,
			Hidden: strings.HasSuffix(base, "_hidden_test.go"),
		}
		found, err := parseDirectives(fset, path, fn.Doc, t)
		if err != nil {
			return "", nil, err
		}
		if !found {
			continue
		}
		if !isTestFunc(fn) {
			return "", nil, fmt.Errorf("labs: %s:%d: %s has a %s directive but is not a test (want func TestXxx(t *testing.T))",
				path, t.Line, t.Name, pointsDirective)
		}
		tests = append(tests, t)
	}
	return f.Name.Name, tests, nil
}

// parseDirectives fills t's points and part from a doc comment and
// reports whether the comment has any lab directive.
func parseDirectives(fset *token.FileSet, path string, doc *ast.CommentGroup, t *report.Test) (bool, error) {
	found := false
	for _, c := range doc.List {
		name, arg, ok := directive(c.Text)
		if !ok {
			continue
		}
		line := fset.Position(c.Pos()).Line
		errf := func(format string, args ...any) error {
			return fmt.Errorf("labs: %s:%d: %s", path, line, fmt.Sprintf(format, args...))
		}
		switch name {
		case pointsDirective:
			if t.Points != 0 {
				return false, errf("a second %s for %s", pointsDirective, t.Name)
			}
			n, err := strconv.Atoi(arg)
			if err != nil || n < 1 {
				return false, errf("%s %q: want a positive integer", pointsDirective, arg)
			}
			t.Points = n
		case partDirective:
			if t.Part != "" {
				return false, errf("a second %s for %s", partDirective, t.Name)
			}
			if arg == "" || strings.ContainsAny(arg, " \t/") {
				return false, errf("%s %q: want one word (no spaces or slashes)", partDirective, arg)
			}
			t.Part = arg
		default:
			return false, errf("unknown directive %s (want %s N or %s NAME)", name, pointsDirective, partDirective)
		}
		found = true
	}
	if found && t.Points == 0 {
		return false, fmt.Errorf("labs: %s:%d: %s has %s but no %s", path, t.Line, t.Name, partDirective, pointsDirective)
	}
	return found, nil
}

// directive splits a "//lab:name arg" comment.
func directive(text string) (name, arg string, ok bool) {
	if !strings.HasPrefix(text, "//lab:") {
		return "", "", false
	}
	name, arg, _ = strings.Cut(text, " ")
	return name, strings.TrimSpace(arg), true
}

// isTestFunc reports whether fn is func TestXxx(t *testing.T).
func isTestFunc(fn *ast.FuncDecl) bool {
	if fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Type.TypeParams != nil {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(fn.Name.Name[len("Test"):]); unicode.IsLower(r) {
		return false // as go test has it: Testfoo is not a test
	}
	params := fn.Type.Params.List
	if len(params) != 1 || len(params[0].Names) > 1 || fn.Type.Results != nil {
		return false
	}
	star, ok := params[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "T"
}
