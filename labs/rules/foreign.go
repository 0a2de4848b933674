package rules

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// sharedTables are the standard functions that return a table every caller
// shares (built once, or a package-level variable): their results are
// treated as that package's variables.
var sharedTables = []string{"hash/crc32.MakeTable", "hash/crc64.MakeTable"}

// foreign checks the uses of package-level variables: the package's own
// sentinel errors, other packages' variables (those of the standard
// library, sim, rpc and the package's own sub-packages) and the shared
// tables of sharedTables. All nodes of a
// process share them, so node code never writes one (assigning to it or
// to a part of it, or taking its address), and reads as a value only
// those that are errors or hold no references (binary.LittleEndian). The
// others it may use only as the receiver of a method
// (base64.StdEncoding.EncodeToString) or as an argument to a function of
// their own package (unicode.Is(unicode.Upper, r)), which only reads
// them.
func (c *checker) foreign(f *ast.File) {
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.Ident:
			v, ok := c.pass.TypesInfo.Uses[n].(*types.Var)
			if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
				return true
			}
			what := v.Pkg().Name() + "." + v.Name()
			if v.Pkg() == c.pass.Pkg {
				if !c.sentinels[v] {
					return true // reported where it is declared
				}
				what = "package-level " + v.Name()
			}
			i := len(stack) - 1
			if sel, ok := stack[i-1].(*ast.SelectorExpr); ok && sel.Sel == n {
				i-- // pkg.V
			}
			c.foreignUse(stack[:i+1], v.Pkg(), what, readable(v.Type()))
		case *ast.CallExpr:
			if fn := calledFunc(c.pass.TypesInfo, n); fn != nil && fn.Pkg() != nil && contains(sharedTables, fn.Pkg().Path()+"."+fn.Name()) {
				c.foreignUse(stack, fn.Pkg(), "the table "+fn.Pkg().Name()+"."+fn.Name()+" returns", false)
			}
		}
		return true
	})
}

// foreignUse checks one use of shared memory of package pkg: the last
// node of stack, which is named what.
func (c *checker) foreignUse(stack []ast.Node, pkg *types.Package, what string, readable bool) {
	info := c.pass.TypesInfo
	cur := stack[len(stack)-1].(ast.Expr)
	part, method := false, false // a part of it is used; a method of it is selected
	j := len(stack) - 2
climb:
	for ; j >= 0; j-- {
		switch p := stack[j].(type) {
		case *ast.ParenExpr:
		case *ast.StarExpr:
			part = true
		case *ast.SelectorExpr:
			if s := info.Selections[p]; s != nil && s.Kind() != types.FieldVal {
				method = true
				break climb
			}
			part = true
		case *ast.IndexExpr:
			if p.X != cur {
				break climb
			}
			part = true
		case *ast.SliceExpr:
			if p.X != cur {
				break climb
			}
			part = true
		default:
			break climb
		}
		cur = stack[j].(ast.Expr)
	}
	var parent ast.Node
	if j >= 0 {
		parent = stack[j]
	}
	where := cur.Pos()
	switch p := parent.(type) {
	case *ast.AssignStmt:
		if p.Tok != token.DEFINE && slices.Contains(p.Lhs, cur) {
			c.r(where, RuleState, "assigns to "+what+", which every node shares")
			return
		}
	case *ast.IncDecStmt:
		c.r(where, RuleState, "assigns to "+what+", which every node shares")
		return
	case *ast.RangeStmt:
		if p.Tok == token.ASSIGN && (p.Key == cur || p.Value == cur) {
			c.r(where, RuleState, "assigns to "+what+", which every node shares")
			return
		}
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			c.r(where, RuleState, "takes the address of "+what+", which every node shares")
			return
		}
	}
	if method && !part {
		if sel := stack[j].(*ast.SelectorExpr); pointerMethodOfValue(info, sel) {
			c.r(where, RuleState, "takes the address of "+what+", which every node shares, to call "+sel.Sel.Name)
		}
		return // pkg.V.Method(...): a method of the variable itself
	}
	if readable {
		return
	}
	if call, ok := parent.(*ast.CallExpr); ok && !part && slices.Contains(call.Args, cur) {
		if fn := calledFunc(info, call); fn != nil && fn.Pkg() == pkg {
			return // unicode.Is(unicode.Upper, r)
		}
	}
	c.r(where, RuleState, "uses "+what+", which every node shares and which holds references: use it only as the receiver of a method or an argument to a function of package "+pkg.Name())
}

// pointerMethodOfValue reports whether sel selects a method with a
// pointer receiver of a value that is not a pointer, whose address the
// call takes.
func pointerMethodOfValue(info *types.Info, sel *ast.SelectorExpr) bool {
	fn, ok := info.Selections[sel].Obj().(*types.Func)
	if !ok {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	if _, ptr := recv.Type().(*types.Pointer); !ptr {
		return false
	}
	_, isPtr := info.TypeOf(sel.X).Underlying().(*types.Pointer)
	return !isPtr
}

// readable reports whether node code may read a variable of type t as a
// value: an error, or a type that holds no references (no pointers,
// slices, maps, funcs, channels or interfaces), so a copy of it shares
// nothing.
func readable(t types.Type) bool {
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		return true
	}
	return holdsNoReferences(t, 0)
}

func holdsNoReferences(t types.Type, depth int) bool {
	if depth > 20 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() != types.UnsafePointer
	case *types.Array:
		return holdsNoReferences(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if !holdsNoReferences(u.Field(i).Type(), depth+1) {
				return false
			}
		}
		return true
	}
	return false
}
