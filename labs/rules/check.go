package rules

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// checker applies the rules that need types to the files of one package.
type checker struct {
	pass *analysis.Pass
	r    report
	eff  *effects
	// after holds, for each range statement, the statements that follow
	// it in its block (where sorting what it collected is allowed).
	after map[*ast.RangeStmt][]ast.Stmt
	// ordered marks the calls of maps.Keys, Values and All whose order
	// does not escape: ranged over (and checked as such) or sorted.
	ordered map[ast.Expr]bool
	labels  map[*ast.RangeStmt]types.Object // the label of a labelled loop
	// sentinels are the package-level vars the rules allow: writing one
	// breaks the rules (see foreign; the others are reported where
	// declared).
	sentinels map[types.Object]bool
	// flagged holds the lines (file and line) reported so far: the check
	// of types (reach) leaves them alone.
	flagged map[token.Position]bool
	// work is what the map-order rule has walked so far, in bytes of
	// source, and budget the most it may walk (see charge).
	work, budget int
	gaveUp       bool
}

// workPerByte bounds the map-order rule's work on a package, in bytes of
// source walked per byte of the package: each loop over a map walks its
// body, and the loops over maps around it walk it again, so code nested
// without bound (loops over maps, func literals and expressions, each in
// the last) would cost the square of its size. Honest code, whose loops
// nest a few deep, walks each byte a few times.
const workPerByte = 64

// charge counts the walk of n by the map-order rule against the budget,
// and reports whether it fits. The first walk that does not is reported,
// at n; the rule walks nothing more.
func (c *checker) charge(n ast.Node) bool {
	if c.gaveUp {
		return false
	}
	c.work += int(n.End() - n.Pos())
	if c.budget > 0 && c.work > c.budget {
		c.gaveUp = true
		c.r(n.Pos(), RuleMapOrder, fmt.Sprintf("the checker gave up here, after walking %d times the package's source: its loops over maps, func literals or expressions nest too deeply within each other to check (simplify the code)", workPerByte))
		return false
	}
	return true
}

// wallClock are the functions of package time that read or wait on the
// wall clock.
var wallClock = []string{"Now", "Since", "Until", "Sleep", "After", "AfterFunc", "Tick", "NewTimer", "NewTicker"}

func (c *checker) file(f *ast.File) {
	if c.after == nil {
		c.after = map[*ast.RangeStmt][]ast.Stmt{}
		c.ordered = map[ast.Expr]bool{}
		c.labels = map[*ast.RangeStmt]types.Object{}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			c.noteAfter(n.List)
		case *ast.CaseClause:
			c.noteAfter(n.Body)
		case *ast.CommClause:
			c.noteAfter(n.Body)
		case *ast.GoStmt:
			c.r(n.Pos(), RuleConcurrency, "go statement")
		case *ast.SelectStmt:
			c.r(n.Pos(), RuleConcurrency, "select statement")
		case *ast.SendStmt:
			c.r(n.Arrow, RuleConcurrency, "channel send")
		case *ast.UnaryExpr:
			switch n.Op {
			case token.ARROW:
				c.r(n.OpPos, RuleConcurrency, "channel receive")
			}
		case *ast.ChanType:
			c.r(n.Pos(), RuleConcurrency, "channel type")
		case *ast.RangeStmt:
			c.rangeStmt(n)
		case *ast.CallExpr:
			c.call(n)
		case *ast.Ident:
			c.use(n)
		}
		return true
	})
}

// noteAfter records what follows each range statement of a list.
func (c *checker) noteAfter(list []ast.Stmt) {
	for i, s := range list {
		var label types.Object
		for {
			l, ok := s.(*ast.LabeledStmt)
			if !ok {
				break
			}
			label = c.pass.TypesInfo.Defs[l.Label]
			s = l.Stmt
		}
		if rs, ok := s.(*ast.RangeStmt); ok {
			c.after[rs] = list[i+1:]
			c.labels[rs] = label
		}
	}
}

// use checks a use of a name: builtins that print, and the parts of fmt,
// time and math/rand/v2 student code may not use.
func (c *checker) use(id *ast.Ident) {
	obj := c.pass.TypesInfo.Uses[id]
	if obj == nil {
		return
	}
	if b, ok := obj.(*types.Builtin); ok {
		if b.Name() == "print" || b.Name() == "println" {
			c.r(id.Pos(), RuleOutput, "the "+b.Name()+" builtin (use env.Logf)")
		}
		return
	}
	pkg := obj.Pkg()
	if pkg == nil || obj.Parent() != pkg.Scope() {
		return
	}
	name := pkg.Name() + "." + obj.Name()
	if reason := refusedMembers[pkg.Path()][obj.Name()]; reason != "" {
		c.r(id.Pos(), RuleState, name+": "+reason)
		return
	}
	if allowedMember(pkg.Path(), obj.Name()) {
		return
	}
	switch p := pkg.Path(); {
	case p == "fmt" && (strings.HasPrefix(obj.Name(), "Print") || strings.HasPrefix(obj.Name(), "Fprint")):
		c.r(id.Pos(), RuleOutput, name+" (use env.Logf)")
	case p == "fmt":
		c.r(id.Pos(), RuleImport, name+": package fmt is allowed for formatting only (Sprintf, Sprint, Errorf, Append...)")
	case p == "iter" && (obj.Name() == "Pull" || obj.Name() == "Pull2"):
		c.r(id.Pos(), RuleConcurrency, name+" runs the sequence on a coroutine, a goroutine of its own (range over the sequence instead)")
	case p == "time" && contains(wallClock, obj.Name()):
		c.r(id.Pos(), RuleWallClock, name+" (use env.Now and env.After)")
	case p == "time":
		c.r(id.Pos(), RuleImport, name+": package time is allowed for time.Duration only (its units and ParseDuration)")
	case p == "math/rand/v2":
		c.r(id.Pos(), RuleGlobalRand, name+": math/rand/v2 is allowed for the *rand.Rand that env.Rand() returns only")
	case p == Module+"/sim":
		c.r(id.Pos(), RuleImport, name+": node code uses only the parts of sim a node needs ("+strings.Join(members[p], ", ")+"); the rest runs worlds, goroutines and the wall clock")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// call checks the calls of maps.Keys, Values and All: their order is
// random, so they must be ranged over (and the range checked) or sorted.
func (c *checker) call(call *ast.CallExpr) {
	fn := calledFunc(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "slices.Sorted", "slices.SortedFunc", "slices.SortedStableFunc", "maps.Collect", "maps.Insert":
		for _, a := range call.Args {
			c.ordered[ast.Unparen(a)] = true
		}
	case "maps.Keys", "maps.Values", "maps.All":
		if !c.ordered[call] {
			c.r(call.Pos(), RuleMapOrder, "maps."+fn.Name()+" yields in random order outside a range loop; sort it (slices.Sorted) or range over it")
		}
	case "maps.DeleteFunc", "maps.EqualFunc":
		if f := call.Args[len(call.Args)-1]; c.funcEffects(f) != "" {
			c.r(f.Pos(), RuleMapOrder, "maps."+fn.Name()+" calls "+types.ExprString(f)+" in map order, and it "+c.funcEffects(f)+"; it may only read")
		}
	}
}

// funcEffects returns why calling the func f has effects, or "": a func
// literal or a function of the package as the effects analysis judges
// it; any other func value is taken to have some.
func (c *checker) funcEffects(f ast.Expr) string {
	info := c.pass.TypesInfo
	switch f := ast.Unparen(f).(type) {
	case *ast.FuncLit:
		if !c.charge(f) {
			return ""
		}
		why, callees := c.eff.scan(f.Body, funcScope(info, f.Type, nil, f.Body))
		for _, callee := range callees {
			if w := c.eff.impure[callee]; why == "" && w != "" {
				why = "calls " + callee.Name() + ", which " + w
			}
		}
		return why
	case *ast.Ident:
		if fn, ok := info.Uses[f].(*types.Func); ok && fn.Pkg() == c.pass.Pkg {
			return c.eff.impure[fn]
		}
	case *ast.SelectorExpr: // a method value of the package: n.stale
		if sel := info.Selections[f]; sel != nil && sel.Kind() == types.MethodVal {
			if fn, ok := sel.Obj().(*types.Func); ok && fn.Pkg() == c.pass.Pkg {
				return c.eff.impure[fn]
			}
		}
	}
	return "is a func value the checker cannot see into"
}

// calledFunc returns the function or method a call calls, nil for
// builtins, conversions and func values.
func calledFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr: // generic instantiation
		return calledFunc(info, &ast.CallExpr{Fun: fun.X})
	case *ast.IndexListExpr:
		return calledFunc(info, &ast.CallExpr{Fun: fun.X})
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

func (c *checker) rangeStmt(rs *ast.RangeStmt) {
	t := c.pass.TypesInfo.TypeOf(rs.X)
	if t == nil {
		return
	}
	if _, ok := t.Underlying().(*types.Chan); ok {
		c.r(rs.For, RuleConcurrency, "range over a channel")
		return
	}
	if isMapRange(c.pass.TypesInfo, rs) {
		c.ordered[ast.Unparen(rs.X)] = true
		c.mapRange(rs)
	}
}

// isMapRange reports whether rs ranges over a map, directly or through
// maps.Keys, maps.Values or maps.All.
func isMapRange(info *types.Info, rs *ast.RangeStmt) bool {
	t := info.TypeOf(rs.X)
	if t == nil {
		return false
	}
	if _, ok := coreType(t).(*types.Map); ok {
		return true
	}
	if call, ok := ast.Unparen(rs.X).(*ast.CallExpr); ok {
		if fn := calledFunc(info, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "maps" {
			switch fn.Name() {
			case "Keys", "Values", "All":
				return true
			}
		}
	}
	return false
}

// coreType returns t's underlying type, or that of its type parameter's
// constraint when all its terms share one.
func coreType(t types.Type) types.Type {
	tp, ok := t.(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core types.Type
	for i := range iface.NumEmbeddeds() {
		u, ok := iface.EmbeddedType(i).(*types.Union)
		if !ok {
			continue
		}
		for j := range u.Len() {
			ut := u.Term(j).Type().Underlying()
			if core != nil && !types.Identical(core, ut) {
				return nil
			}
			core = ut
		}
	}
	return core
}
