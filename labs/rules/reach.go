package rules

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// reach checks the types of a file's expressions: none may be, or be
// built of, a type node code may not name. The import rule keeps a
// package out by its path, but allowed packages hand out values of
// refused ones: json.UnsupportedValueError.Value is a reflect.Value,
// rpc.MethodTypes returns reflect.Types, pem.Encode and
// xml.EscapeText write the package's own byte slices to an io.Writer the
// caller gives, and (*big.Int).Format takes a fmt.State. So node code may
// hold no value whose type is declared in a package it may not import
// (reflect, io, sync, ...), or is a part of sim or fmt it may not use,
// however the value is reached: a field, a result, an inferred type
// argument, a func's parameters.
func (c *checker) reach(f *ast.File) {
	memo := map[types.Type]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		tv, ok := c.pass.TypesInfo.Types[e]
		if !ok || tv.Type == nil || tv.IsType() || c.namesRefusedMember(e) {
			return true // types and names are judged by name (checker.use)
		}
		name := c.refusedType(tv.Type, memo, 0)
		if name == "" {
			return true
		}
		p := c.pass.Fset.Position(e.Pos())
		if c.flagged[token.Position{Filename: p.Filename, Line: p.Line}] {
			return true // one report per line
		}
		c.r(e.Pos(), RuleImport, types.ExprString(e)+" is of type "+types.TypeString(tv.Type, types.RelativeTo(c.pass.Pkg))+": "+name)
		return true
	})
	// Then the type arguments of instantiations, which the lines already
	// reported leave alone.
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			c.typeArgs(id, memo)
		}
		return true
	})
}

// typeArgs checks the type arguments of an instantiation of a generic
// function or type at id, inferred or written. An inferred one need be the
// type of no expression: from a constraint's core type (S ~struct{ Value
// E; Str string }), E is inferred from what a named type is made of
// (json.UnsupportedValueError's reflect.Value), while the instance's
// signature, func(json.UnsupportedValueError), names no refused type, and
// inside the generic function every value of it has type E.
func (c *checker) typeArgs(id *ast.Ident, memo map[types.Type]string) {
	inst, ok := c.pass.TypesInfo.Instances[id]
	if !ok || inst.TypeArgs == nil {
		return
	}
	for i := range inst.TypeArgs.Len() {
		arg := inst.TypeArgs.At(i)
		name := c.refusedType(arg, memo, 0)
		if name == "" {
			continue
		}
		p := c.pass.Fset.Position(id.Pos())
		if c.flagged[token.Position{Filename: p.Filename, Line: p.Line}] {
			return // one report per line
		}
		c.r(id.Pos(), RuleImport, id.Name+" is instantiated with the type argument "+types.TypeString(arg, types.RelativeTo(c.pass.Pkg))+": "+name)
		return
	}
}

// refusedType returns why node code may not hold a value of type t (a
// refused type it is, or is built of), or "". It looks into composite
// types, signatures and type arguments, not into what a named type is
// made of: a json.Decoder holds a reflect.Type, unexported.
func (c *checker) refusedType(t types.Type, memo map[types.Type]string, depth int) string {
	if depth > 12 {
		return ""
	}
	if why, ok := memo[t]; ok {
		return why
	}
	memo[t] = "" // cycles
	why := c.refusedTypeUncached(t, memo, depth)
	memo[t] = why
	return why
}

func (c *checker) refusedTypeUncached(t types.Type, memo map[types.Type]string, depth int) string {
	sub := func(ts ...types.Type) string {
		for _, u := range ts {
			if why := c.refusedType(u, memo, depth+1); why != "" {
				return why
			}
		}
		return ""
	}
	switch t := t.(type) {
	case *types.Basic:
		if t.Kind() == types.UnsafePointer {
			return "package unsafe is refused, however its values are reached: " + why["unsafe"]
		}
	case *types.Alias:
		return sub(types.Unalias(t))
	case *types.Named:
		if why := c.refusedNamed(t.Obj()); why != "" {
			return why
		}
		return sub(slices.Collect(t.TypeArgs().Types())...)
	case *types.Pointer:
		return sub(t.Elem())
	case *types.Slice:
		return sub(t.Elem())
	case *types.Array:
		return sub(t.Elem())
	case *types.Chan:
		return sub(t.Elem())
	case *types.Map:
		return sub(t.Key(), t.Elem())
	case *types.Tuple:
		for i := range t.Len() {
			if why := sub(t.At(i).Type()); why != "" {
				return why
			}
		}
	case *types.Signature:
		return sub(t.Params(), t.Results())
	case *types.Struct:
		for i := range t.NumFields() {
			if why := sub(t.Field(i).Type()); why != "" {
				return why
			}
		}
	case *types.Interface:
		for i := range t.NumExplicitMethods() {
			if why := sub(t.ExplicitMethod(i).Type()); why != "" {
				return why
			}
		}
	}
	return ""
}

// namesRefusedMember reports whether e names a package-level member
// that checker.use reports by name (fmt.Fprintf, json.NewEncoder).
func (c *checker) namesRefusedMember(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if sel, isSel := ast.Unparen(e).(*ast.SelectorExpr); isSel {
		id, ok = sel.Sel, true
	}
	if !ok {
		return false
	}
	obj := c.pass.TypesInfo.Uses[id]
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg || obj.Parent() != obj.Pkg().Scope() {
		return false
	}
	path := obj.Pkg().Path()
	return refusedMembers[path][obj.Name()] != "" || !allowedMember(path, obj.Name())
}

// refusedNamed returns why node code may not hold a value of the named
// type obj, or "".
func (c *checker) refusedNamed(obj *types.TypeName) string {
	pkg := obj.Pkg()
	if pkg == nil || pkg == c.pass.Pkg {
		return ""
	}
	path, name := pkg.Path(), obj.Name()
	if reason := refusedMembers[path][name]; reason != "" {
		return pkg.Name() + "." + name + " is refused, however its values are reached: " + reason
	}
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		if _, limited := members[path]; limited && !allowedMember(path, name) {
			return pkg.Name() + "." + name + " is refused, however its values are reached: node code uses only the parts of sim a node needs"
		}
		return ""
	}
	if !slices.Contains(allowedStd, path) {
		return "package " + path + " is refused, however its values are reached: " + whyRefused(path)
	}
	if !allowedMember(path, name) {
		return pkg.Name() + "." + name + " is refused, however its values are reached: package " + path + " is allowed only in part"
	}
	return ""
}
