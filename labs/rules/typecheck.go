package rules

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"slices"

	"golang.org/x/tools/go/packages"
)

// load returns the student packages that patterns match in the module at
// root, the packages below them, and any package they import that
// imports a student package, each type-checked from source, against the
// export data of the other packages they import (the standard library,
// sim, rpc).
//
// It compiles no student code: go list reports the packages and their
// files without export data, and only the other packages are compiled
// (usually found in the build cache). Asking go/packages for the types
// of the student packages would compile them too (go list -export), and
// code can keep the compiler running and growing without end (see
// TestCheckCompilesNothing).
func load(root string, fset *token.FileSet, students, patterns []string) ([]*packages.Package, error) {
	// Without cgo, a file that imports "C" is left out of the build, and
	// the scan reports it, with no C compiler run.
	env := append(os.Environ(), "CGO_ENABLED=0")
	listed, err := packages.Load(&packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedDeps | packages.NeedModule,
		Dir: root,
		Env: env,
	}, patterns...)
	if err != nil {
		return nil, err
	}
	// From source: the student packages of every lab, and every package
	// that imports one, directly or not (a lab's live cluster, say), since
	// their export data would compile the student code. From export data:
	// the other packages they import.
	all := append(slices.Clone(students), Students()...)
	var mine []*packages.Package // dependencies first
	fromSource := map[string]bool{}
	packages.Visit(listed, nil, func(p *packages.Package) {
		_, src := studentOf(p.PkgPath, all)
		for _, dep := range p.Imports {
			src = src || fromSource[dep.PkgPath]
		}
		if src {
			fromSource[p.PkgPath] = true
			mine = append(mine, p)
		}
	})
	imported := map[string]bool{}
	for _, p := range mine {
		for _, dep := range p.Imports {
			if !fromSource[dep.PkgPath] && dep.PkgPath != "unsafe" {
				imported[dep.PkgPath] = true
			}
		}
	}
	exported := map[string]*types.Package{"unsafe": types.Unsafe}
	sizes := types.SizesFor("gc", runtime.GOARCH)
	if len(imported) > 0 {
		paths := make([]string, 0, len(imported))
		for path := range imported {
			paths = append(paths, path)
		}
		slices.Sort(paths)
		deps, err := packages.Load(&packages.Config{
			Mode: packages.NeedName | packages.NeedTypes,
			Dir:  root,
			Env:  env,
		}, paths...)
		if err != nil {
			return nil, err
		}
		for _, p := range deps {
			if len(p.Errors) == 0 && p.Types != nil {
				exported[p.PkgPath] = p.Types
			}
		}
	}
	checked := map[string]*types.Package{}
	for _, p := range mine {
		typeCheck(fset, p, exported, checked, sizes)
	}
	return mine, nil
}

// typeCheck parses and type-checks package p, whose imports are in
// exported (export data) or checked (checked from source before p), and
// fills in p's syntax and types; p is IllTyped if it does not parse or
// type-check, with the first error in p.Errors.
func typeCheck(fset *token.FileSet, p *packages.Package, exported, checked map[string]*types.Package, sizes types.Sizes) {
	p.Fset = fset
	for _, name := range p.CompiledGoFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			p.IllTyped = true
			pos, msg := token.Position{Filename: name}, err.Error()
			if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
				pos, msg = list[0].Pos, list[0].Msg
			}
			p.Errors = append(p.Errors, packages.Error{Pos: pos.String(), Msg: msg, Kind: packages.ParseError})
			return
		}
		p.Syntax = append(p.Syntax, f)
	}
	p.TypesInfo = &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	p.TypesSizes = sizes
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if dep, ok := p.Imports[path]; ok {
				path = dep.PkgPath
			}
			if t, ok := checked[path]; ok {
				return t, nil
			}
			if t, ok := exported[path]; ok {
				return t, nil
			}
			return nil, fmt.Errorf("rules: no types for %s", path)
		}),
		Sizes: sizes,
		Error: func(err error) {
			if !p.IllTyped {
				pos, msg := "", err.Error()
				if e, ok := err.(types.Error); ok {
					pos, msg = e.Fset.Position(e.Pos).String(), e.Msg
				}
				p.Errors = append(p.Errors, packages.Error{Pos: pos, Msg: msg, Kind: packages.TypeError})
			}
			p.IllTyped = true
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	p.Types, _ = conf.Check(p.PkgPath, fset, p.Syntax, p.TypesInfo)
	checked[p.PkgPath] = p.Types
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
