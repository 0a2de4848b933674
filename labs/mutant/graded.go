package mutant

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
)

// pointsDirective marks a graded test (see docs/AUTHORING.md).
const pointsDirective = "//lab:points"

// gradedTests returns the names of the test functions in the package
// directory dir whose doc comments carry a //lab:points directive: the
// tests a grade counts. It returns nil if there are none, for a package
// that is not a graded lab.
func gradedTests(dir string) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	var graded map[string]bool
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("mutant: %w", err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Doc == nil || !strings.HasPrefix(fn.Name.Name, "Test") {
				continue
			}
			for _, c := range fn.Doc.List {
				if c.Text == pointsDirective || strings.HasPrefix(c.Text, pointsDirective+" ") {
					if graded == nil {
						graded = map[string]bool{}
					}
					graded[fn.Name.Name] = true
				}
			}
		}
	}
	return graded, nil
}
