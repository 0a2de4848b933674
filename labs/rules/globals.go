package rules

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// globals checks the package-level declarations of a file: no init, and
// no var but sentinel errors and blank declarations that run no code.
func (c *checker) globals(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "init" {
				c.r(d.Name.Pos(), RuleState, "func init")
			}
		case *ast.GenDecl:
			if d.Tok != token.VAR {
				continue
			}
			for _, s := range d.Specs {
				vs := s.(*ast.ValueSpec)
				if c.sentinel(vs) {
					c.sentinels[c.pass.TypesInfo.Defs[vs.Names[0]]] = true
					continue
				}
				if c.blank(vs) {
					continue
				}
				for _, n := range vs.Names {
					if n.Name != "_" {
						c.r(n.Pos(), RuleState, "package-level var "+n.Name+" (only sentinel errors, var ErrX = errors.New(\"...\"), may be package-level vars; use a const, or a field of the node)")
					} else {
						c.r(n.Pos(), RuleState, "package-level var _ that runs code")
					}
				}
			}
		}
	}
}

// sentinel reports whether vs declares a sentinel error: var ErrX =
// errors.New("constant").
func (c *checker) sentinel(vs *ast.ValueSpec) bool {
	if len(vs.Names) != 1 || len(vs.Values) != 1 || !strings.HasPrefix(strings.ToLower(vs.Names[0].Name), "err") {
		return false
	}
	call, ok := vs.Values[0].(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	fn := calledFunc(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "errors" || fn.Name() != "New" {
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[call.Args[0]]
	obj := c.pass.TypesInfo.Defs[vs.Names[0]]
	return ok && tv.Value != nil && obj != nil && types.Identical(obj.Type(), types.Universe.Lookup("error").Type())
}

// blank reports whether vs declares only _ and runs no code: no value, a
// conversion of nil ((*T)(nil), to check that *T implements an
// interface) or an empty composite literal.
func (c *checker) blank(vs *ast.ValueSpec) bool {
	for _, n := range vs.Names {
		if n.Name != "_" {
			return false
		}
	}
	for _, v := range vs.Values {
		switch v := ast.Unparen(v).(type) {
		case *ast.CompositeLit:
			if len(v.Elts) > 0 {
				return false
			}
		case *ast.CallExpr:
			if !c.pass.TypesInfo.Types[v.Fun].IsType() || len(v.Args) != 1 || !c.pass.TypesInfo.Types[v.Args[0]].IsNil() {
				return false
			}
		default:
			return false
		}
	}
	return true
}
