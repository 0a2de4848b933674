package rules

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// effects knows which functions of a package have effects beyond their
// results: writing memory they did not allocate (through their receiver,
// pointers, maps, slices or package state), sending, arming timers,
// writing storage, drawing random numbers. The map-order rule lets a loop
// over a map call only functions without effects.
//
// The analysis is conservative in most places and trusting in one, which
// the package documentation lists: a call of a func-valued struct field
// that returns results is taken to be pure. A local variable that may
// point outside (see aliasesIn) counts as a parameter: writing through it
// is an effect.
type effects struct {
	info   *types.Info
	pkg    *types.Package
	impure map[*types.Func]string // why a function of the package has effects
	// methods are the package's methods, by name: those the standard
	// library calls on the values it is handed (see callbacks).
	methods map[string][]*types.Func
}

// callbacks names the methods that standard packages call on the values
// they are handed, found through interfaces: fmt's String, Error and
// GoString (on the values it prints, and on their fields and elements),
// encoding/json's and encoding/xml's marshalers and unmarshalers, errors'
// Is, As, Unwrap and Error, and sort's and container/heap's interfaces. A
// call of a function of such a package that is handed a value of the
// package's types, or an interface that may hold one, calls these too:
// fmt.Sprint(v) has the effects of v's String method.
var callbacks = map[string][]string{
	"fmt":            {"String", "GoString", "Error", "Format"},
	"errors":         {"Is", "As", "Unwrap", "Error"},
	"encoding/json":  {"MarshalJSON", "UnmarshalJSON", "MarshalText", "UnmarshalText"},
	"encoding/xml":   {"MarshalXML", "UnmarshalXML", "MarshalXMLAttr", "UnmarshalXMLAttr", "MarshalText", "UnmarshalText"},
	"sort":           {"Len", "Less", "Swap"},
	"container/heap": {"Len", "Less", "Swap", "Push", "Pop"},
}

// locality says where a variable was declared, as seen from a function
// or loop body.
type locality int

const (
	outside locality = iota
	param            // a parameter or named result
	inside           // declared in the body
)

type scope func(obj types.Object) locality

// funcScope is the scope of a function declaration or literal: its
// parameters (not its receiver) and what its body declares.
func funcScope(info *types.Info, typ *ast.FuncType, recv *ast.FieldList, body *ast.BlockStmt) scope {
	var recvObj types.Object
	if recv != nil && len(recv.List) == 1 && len(recv.List[0].Names) == 1 {
		recvObj = info.Defs[recv.List[0].Names[0]]
	}
	aliases := aliasesIn(info, body)
	return func(obj types.Object) locality {
		switch p := obj.Pos(); {
		case obj == recvObj || !p.IsValid():
			return outside
		case aliases[obj]:
			return param // may point outside: assignable, not writable through
		case p >= body.Lbrace && p < body.Rbrace:
			return inside
		case p >= typ.Pos() && p < typ.End():
			return param
		}
		return outside
	}
}

func newEffects(pass *analysis.Pass, files []*ast.File) *effects {
	e := &effects{info: pass.TypesInfo, pkg: pass.Pkg, impure: map[*types.Func]string{}, methods: map[string][]*types.Func{}}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
				if fn, ok := e.info.Defs[fd.Name].(*types.Func); ok {
					e.methods[fn.Name()] = append(e.methods[fn.Name()], fn)
				}
			}
		}
	}
	callers := map[*types.Func][]*types.Func{}
	var work []*types.Func
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := e.info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			why, callees := e.scan(fd.Body, funcScope(e.info, fd.Type, fd.Recv, fd.Body))
			for _, callee := range callees {
				callers[callee] = append(callers[callee], fn)
			}
			if why != "" {
				e.impure[fn] = why
				work = append(work, fn)
			}
		}
	}
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		for _, caller := range callers[fn] {
			if _, done := e.impure[caller]; !done {
				e.impure[caller] = "calls " + fn.Name() + ", which " + e.impure[fn]
				work = append(work, caller)
			}
		}
	}
	return e
}

// scan returns why the code of node has effects, ignoring calls of the
// package's own functions, which it returns.
func (e *effects) scan(node ast.Node, sc scope) (why string, callees []*types.Func) {
	note := func(w string) {
		if why == "" {
			why = w
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, lhs := range n.Lhs {
					if !e.local(lhs, sc) {
						note("writes " + types.ExprString(lhs))
					}
				}
			}
		case *ast.IncDecStmt:
			if !e.local(n.X, sc) {
				note("writes " + types.ExprString(n.X))
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if x != nil && !e.local(x, sc) {
						note("writes " + types.ExprString(x))
					}
				}
			}
		case *ast.GoStmt, *ast.SendStmt, *ast.SelectStmt:
			note("uses goroutines or channels")
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				note("receives from a channel")
			}
		case *ast.CallExpr:
			w, fns := e.call(n, sc)
			note(w)
			callees = append(callees, fns...)
		}
		return true
	})
	return why, callees
}

// local reports whether writing x writes only memory of the scope: a
// variable of the scope, or a part of one reached without a pointer, map
// or slice, or anything reached from a variable its body declared.
func (e *effects) local(x ast.Expr, sc scope) bool {
	indirect := false
	for {
		switch v := x.(type) {
		case *ast.ParenExpr:
			x = v.X
			continue
		case *ast.Ident:
			if v.Name == "_" {
				return true
			}
			obj := e.info.Uses[v]
			if obj == nil {
				obj = e.info.Defs[v]
			}
			if _, ok := obj.(*types.Var); !ok {
				return false
			}
			switch sc(obj) {
			case inside:
				return true
			case param:
				return !indirect
			}
			return false
		case *ast.SelectorExpr:
			if sel := e.info.Selections[v]; sel == nil || sel.Kind() != types.FieldVal {
				return false
			}
			if sel := e.info.Selections[v]; sel.Indirect() {
				indirect = true
			}
			if _, ok := e.info.TypeOf(v.X).Underlying().(*types.Pointer); ok {
				indirect = true
			}
			x = v.X
		case *ast.IndexExpr:
			switch t := coreType(e.info.TypeOf(v.X)).(type) {
			case *types.Array:
			case *types.Pointer, *types.Slice, *types.Map:
				indirect = true
			default:
				_ = t
				return false
			}
			x = v.X
		case *ast.StarExpr:
			indirect = true
			x = v.X
		default:
			return false
		}
	}
}

// pureMethods are the interface methods of sim and the standard library
// that only read.
var pureMethods = []string{
	Module + "/sim.Env.ID", Module + "/sim.Env.Name", Module + "/sim.Env.Incarnation", Module + "/sim.Env.Now",
	Module + "/sim.Env.Rand", Module + "/sim.Env.Storage", Module + "/sim.Env.Value",
	Module + "/sim.Storage.Get", Module + "/sim.Storage.Keys",
	"error.Error", "fmt.Stringer.String",
}

// mutators are the standard functions that write what an argument points
// to, with that argument's index.
var mutators = map[string]int{
	"slices.Sort": 0, "slices.SortFunc": 0, "slices.SortStableFunc": 0, "slices.Reverse": 0,
	"slices.Delete": 0, "slices.DeleteFunc": 0, "slices.Compact": 0, "slices.CompactFunc": 0,
	"slices.Insert": 0, "slices.Replace": 0, "slices.Grow": 0,
	"maps.Copy": 0, "maps.DeleteFunc": 0, "maps.Insert": 0,
	"sort.Sort": 0, "sort.Stable": 0, "sort.Slice": 0, "sort.SliceStable": 0,
	"sort.Strings": 0, "sort.Ints": 0, "sort.Float64s": 0,
	"container/heap.Init": 0, "container/heap.Push": 0, "container/heap.Pop": 0,
	"container/heap.Fix": 0, "container/heap.Remove": 0,
	"errors.As": 1, "encoding/json.Unmarshal": 1, "encoding/xml.Unmarshal": 1,
	"encoding/binary.Decode": 2, "encoding/hex.Decode": 0, "encoding/base64.Encoding.Decode": 0,
}

// call returns why a call has effects ("" if it has none), and the
// functions of the package it calls, whose effects the package's analysis
// decides: the function itself, or the methods a standard function calls
// on what it is handed (see handed).
func (e *effects) call(call *ast.CallExpr, sc scope) (string, []*types.Func) {
	if tv, ok := e.info.Types[call.Fun]; ok && tv.IsType() {
		return "", nil // a conversion
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := e.info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "delete", "clear", "copy":
				if len(call.Args) > 0 && !e.local(call.Args[0], sc) {
					return "calls " + b.Name() + " on " + types.ExprString(call.Args[0]), nil
				}
			case "print", "println":
				return "prints", nil
			}
			return "", nil
		}
	}
	fn := calledFunc(e.info, call)
	if fn == nil {
		sig, ok := coreType(e.info.TypeOf(call.Fun)).(*types.Signature)
		if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && isSel && sig.Results().Len() > 0 {
			if s := e.info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
				return "", nil // a func field with results (a hash): taken to be pure
			}
		}
		return "calls " + types.ExprString(call.Fun) + ", a func value", nil
	}
	fn = fn.Origin()
	name := types.ExprString(call.Fun)
	sig := fn.Signature()
	if recv := sig.Recv(); recv != nil {
		if types.IsInterface(recv.Type()) {
			if contains(pureMethods, ifaceMethod(recv.Type(), fn)) {
				// error.Error, fmt.Stringer.String: those of the
				// package's types are as pure as their code.
				return "", e.methods[fn.Name()]
			}
			return "calls " + name, nil
		}
		if fn.Pkg() == e.pkg {
			return "", []*types.Func{fn}
		}
		sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if _, ptr := recv.Type().(*types.Pointer); !ptr || (sel != nil && e.local(sel.X, sc)) {
			return e.handed(call, fn, name)
		}
		return "calls " + name + ", which can change " + types.ExprString(sel.X), nil
	}
	switch {
	case fn.Pkg() == e.pkg:
		return "", []*types.Func{fn}
	case fn.Pkg() == nil:
		return "", nil
	}
	path := fn.Pkg().Path()
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return "calls " + name + " of another package", nil
	}
	if i, ok := mutators[path+"."+fn.Name()]; ok && i < len(call.Args) && !e.local(call.Args[i], sc) {
		return "calls " + name + ", which writes " + types.ExprString(call.Args[i]), nil
	}
	return e.handed(call, fn, name)
}

// handed returns what a call of fn, a function or method of the standard
// library, does with what it is handed: it calls the funcs among its
// arguments (slices.ContainsFunc(s, n.note)), and the methods of
// callbacks on values of the package's types (fmt.Sprint(v) calls v's
// String). It returns why that has effects, or the functions of the
// package it calls, whose effects the package's analysis decides.
func (e *effects) handed(call *ast.CallExpr, fn *types.Func, name string) (string, []*types.Func) {
	var callees []*types.Func
	own := &ownTypes{seen: map[types.Type]bool{}}
	for _, a := range call.Args {
		t := e.info.TypeOf(a)
		if t == nil {
			continue
		}
		if _, ok := coreType(t).(*types.Signature); ok {
			f, known := e.funcValue(a)
			switch {
			case f != nil:
				callees = append(callees, f)
			case !known:
				return "hands " + types.ExprString(a) + ", a func value, to " + name, nil
			}
			continue
		}
		e.collectOwn(t, 0, own)
	}
	for _, m := range callbacks[fn.Pkg().Path()] {
		if own.any {
			callees = append(callees, e.methods[m]...)
			continue
		}
		for _, n := range own.named {
			if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), true, e.pkg, m); obj != nil {
				if f, ok := obj.(*types.Func); ok && f.Pkg() == e.pkg {
					callees = append(callees, f.Origin())
				}
			}
		}
	}
	return "", callees
}

// ownTypes are the package's types a value may hold, on which a standard
// function may call methods: any of them if the value holds an interface
// or a type parameter.
type ownTypes struct {
	any   bool
	named []*types.Named
	seen  map[types.Type]bool
}

// funcValue returns the function of the package that the func value a
// denotes (a function, a method value or expression), or nil, and
// whether its effects are known: those of a func literal are the code
// around it (which holds its body), those of the standard library's
// functions none, those of a func-valued field with results none (as
// when called: see call).
func (e *effects) funcValue(a ast.Expr) (*types.Func, bool) {
	switch a := ast.Unparen(a).(type) {
	case *ast.FuncLit:
		return nil, true
	case *ast.Ident:
		if fn, ok := e.info.Uses[a].(*types.Func); ok {
			return e.funcOf(fn)
		}
	case *ast.SelectorExpr:
		if sel := e.info.Selections[a]; sel != nil {
			if sel.Kind() == types.FieldVal {
				sig, ok := coreType(sel.Type()).(*types.Signature)
				return nil, ok && sig.Results().Len() > 0
			}
			if fn, ok := sel.Obj().(*types.Func); ok {
				return e.funcOf(fn)
			}
		} else if fn, ok := e.info.Uses[a.Sel].(*types.Func); ok {
			return e.funcOf(fn) // pkg.Func
		}
	case *ast.IndexExpr: // an instance of a generic function
		return e.funcValue(a.X)
	case *ast.IndexListExpr:
		return e.funcValue(a.X)
	}
	return nil, false
}

// funcOf returns fn if it is the package's, and whether its effects are
// known: a function of the standard library has none.
func (e *effects) funcOf(fn *types.Func) (*types.Func, bool) {
	switch fn = fn.Origin(); {
	case fn.Pkg() == e.pkg:
		return fn, true
	case fn.Pkg() == nil:
		return nil, true
	}
	first, _, _ := strings.Cut(fn.Pkg().Path(), "/")
	return nil, !strings.Contains(first, ".")
}

// collectOwn notes in own the package's types a value of type t may
// hold: t, if it is one, and those it is built of; any, for an interface
// or a type parameter.
func (e *effects) collectOwn(t types.Type, depth int, own *ownTypes) {
	if depth > 20 || own.seen[t] || own.any {
		return
	}
	own.seen[t] = true
	switch t := t.(type) {
	case *types.Alias:
		e.collectOwn(types.Unalias(t), depth+1, own)
	case *types.Named:
		if t.Obj().Pkg() == e.pkg {
			own.named = append(own.named, t)
		}
		for a := range t.TypeArgs().Types() {
			e.collectOwn(a, depth+1, own)
		}
		e.collectOwn(t.Underlying(), depth+1, own)
	case *types.TypeParam, *types.Interface:
		own.any = true
	case *types.Pointer:
		e.collectOwn(t.Elem(), depth+1, own)
	case *types.Slice:
		e.collectOwn(t.Elem(), depth+1, own)
	case *types.Array:
		e.collectOwn(t.Elem(), depth+1, own)
	case *types.Map:
		e.collectOwn(t.Key(), depth+1, own)
		e.collectOwn(t.Elem(), depth+1, own)
	case *types.Struct:
		for i := range t.NumFields() {
			e.collectOwn(t.Field(i).Type(), depth+1, own)
		}
	}
}

// ifaceMethod names a method of an interface: "pkg.Type.Method", or
// "error.Error".
func ifaceMethod(t types.Type, fn *types.Func) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok {
		if fn.Name() == "Error" && fn.Pkg() == nil {
			return "error.Error"
		}
		return "?." + fn.Name()
	}
	if n.Obj().Pkg() == nil {
		return n.Obj().Name() + "." + fn.Name()
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name() + "." + fn.Name()
}
