package rules

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The map-order rule. A loop over a map (or over maps.Keys, Values or
// All) may only do what gives the same result in every order. Its body is
// made of these statements, and its expressions call only functions
// without effects (see effects):
//
//   - declarations and assignments of variables of the loop body;
//   - counting and summing into integers: x++, x--, x += e, x -= e,
//     x *= e, x |= e, x &= e, x ^= e, also on map elements (n[v]++);
//   - min and max: x = min(x, e), x = max(x, e);
//   - writing a constant: found = true;
//   - writing the entry's own key of a map: m2[k] = e, with k the loop's key;
//   - delete(m, e), and env.Storage().Delete(e);
//   - append to a slice that is sorted right after the loop
//     (slices.Sort, slices.SortFunc, slices.SortStableFunc, sort.Strings,
//     sort.Ints, sort.Float64s, sort.Slice, sort.SliceStable, sort.Sort,
//     sort.Stable: the statements that follow the loop);
//   - if, switch, nested for and range loops, continue, blocks;
//   - break and return of constants, when everything the loop writes
//     outside itself is a constant written just before them (any/all).
//
// An expression of the loop may not read what the loop writes (but for
// the written expression itself: x in x = max(x, e), m2[k] in m2[k] = e).

// loop is the check of one map range loop.
type loop struct {
	c       *checker
	rs      *ast.RangeStmt
	key     types.Object // the loop's key variable, when keys are distinct
	sc      scope
	writes  []write
	exits   []ast.Node
	reads   []ast.Expr
	callees []*ast.CallExpr // calls, whose receivers and arguments may read what the loop writes
	appends []appended
	// self are expressions that read what their own statement writes.
	self map[ast.Expr]bool
	// byBlock indexes writes by the statement list they are in (its first
	// statement), and marked counts those of each list exitAfter marked:
	// so that a loop's cost grows with its size, not with its size
	// squared, however many writes and exits it has.
	byBlock map[*ast.Stmt][]int
	marked  map[*ast.Stmt]int
}

type appended struct {
	path string
	pos  token.Pos
}

type writeKind int

const (
	wCommute writeKind = iota // +=, ++, min, max, keyed writes, deletes
	wConst
	wAppend
)

type write struct {
	path  string // what is written: "x", "s.count", "m" for m[k] = e
	kind  writeKind
	pos   token.Pos
	block []ast.Stmt // the statement list the write is in
	last  bool       // the write is followed only by writes and an exit
}

func (c *checker) mapRange(rs *ast.RangeStmt) {
	if !c.charge(rs) {
		return
	}
	l := &loop{c: c, rs: rs, self: map[ast.Expr]bool{}, byBlock: map[*ast.Stmt][]int{}, marked: map[*ast.Stmt]int{}}
	info := c.pass.TypesInfo
	var defined []types.Object
	if rs.Tok == token.DEFINE {
		for _, x := range []ast.Expr{rs.Key, rs.Value} {
			if id, ok := x.(*ast.Ident); ok && info.Defs[id] != nil {
				defined = append(defined, info.Defs[id])
			}
		}
	}
	if id, ok := rs.Key.(*ast.Ident); ok && !rangesValues(info, rs) {
		l.key = info.Defs[id]
		if l.key == nil {
			l.key = info.Uses[id]
		}
	}
	body := rs.Body
	aliases := aliasesIn(c.pass.TypesInfo, body)
	l.sc = func(obj types.Object) locality {
		if contains2(defined, obj) || aliases[obj] {
			return param // the entry's own, or a copy of what is outside: assignable, but points to shared memory
		}
		if p := obj.Pos(); p >= body.Lbrace && p < body.Rbrace {
			return inside
		}
		return outside
	}
	if rs.Tok == token.ASSIGN {
		for _, x := range []ast.Expr{rs.Key, rs.Value} {
			if x != nil && !c.eff.local(x, l.sc) {
				c.r(x.Pos(), RuleMapOrder, "the loop assigns "+types.ExprString(x)+", declared outside it, in map order")
			}
		}
	}
	l.stmts(body.List, 0)
	l.finish()
}

// aliasesIn returns the variables a body (a loop's or a function's)
// declares that may point to memory from outside it: those of a type that holds references (a
// pointer, map or slice, or a struct or array of one), given a value that
// is not fresh (p := &last, d := n.data, v := n.peers[id]). Writing such a
// variable is the body's own business; writing through it is writing
// outside the body.
func aliasesIn(info *types.Info, body *ast.BlockStmt) map[types.Object]bool {
	out := map[types.Object]bool{}
	mark := func(id ast.Expr, value ast.Expr) {
		ident, ok := id.(*ast.Ident)
		if !ok {
			return
		}
		obj := info.Defs[ident]
		if obj == nil || holdsNoReferences(obj.Type(), 0) || (value != nil && fresh(info, value)) {
			return
		}
		out[obj] = true
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				break
			}
			for i, x := range n.Lhs {
				var v ast.Expr = &ast.BadExpr{} // a result of a call of several: not fresh
				if len(n.Lhs) == len(n.Rhs) {
					v = n.Rhs[i]
				}
				mark(x, v)
			}
		case *ast.ValueSpec:
			for i, x := range n.Names {
				var v ast.Expr // no value: the zero value, fresh
				if len(n.Values) == len(n.Names) {
					v = n.Values[i]
				} else if len(n.Values) > 0 {
					v = &ast.BadExpr{}
				}
				if v != nil {
					mark(x, v)
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if x != nil {
						mark(x, &ast.BadExpr{})
					}
				}
			}
		case *ast.CaseClause:
			if obj := info.Implicits[n]; obj != nil && !holdsNoReferences(obj.Type(), 0) {
				out[obj] = true // v in switch v := x.(type)
			}
		}
		return true
	})
	return out
}

// fresh reports whether e makes new memory that nothing outside points
// to: a constant, a composite literal (or its address) of fresh values,
// make, new, a func literal, or a conversion of a string.
func fresh(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && (tv.Value != nil || tv.IsNil() || holdsNoReferences(tv.Type, 0)) {
		return true
	}
	switch e := e.(type) {
	case *ast.FuncLit:
		return true
	case *ast.UnaryExpr:
		if lit, ok := ast.Unparen(e.X).(*ast.CompositeLit); ok && e.Op == token.AND {
			return fresh(info, lit)
		}
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if !fresh(info, elt) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			return len(e.Args) == 1 && fresh(info, e.Args[0]) // []byte(s)
		}
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "make" || b.Name() == "new") {
				return true
			}
		}
	}
	return false
}

func rangesValues(info *types.Info, rs *ast.RangeStmt) bool {
	call, ok := ast.Unparen(rs.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := calledFunc(info, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "maps" && fn.Name() == "Values"
}

func contains2(list []types.Object, o types.Object) bool {
	for _, x := range list {
		if x == o {
			return true
		}
	}
	return false
}

func (l *loop) bad(pos token.Pos, what string) {
	l.c.r(pos, RuleMapOrder, what+" in a loop over a map")
}

// Nesting, for break and continue: how many loops, switches and selects
// of the body enclose a statement.
func (l *loop) stmts(list []ast.Stmt, depth int) {
	for i, s := range list {
		l.stmt(s, list, i, depth)
	}
}

func (l *loop) stmt(s ast.Stmt, list []ast.Stmt, i, depth int) {
	switch s := s.(type) {
	case *ast.BlockStmt:
		l.stmts(s.List, depth)
	case *ast.LabeledStmt:
		l.stmt(s.Stmt, list, i, depth)
	case *ast.EmptyStmt, *ast.DeclStmt:
		l.exprs(s)
	case *ast.AssignStmt:
		l.assign(s, list, i)
	case *ast.IncDecStmt:
		l.update(s.X, nil, s, list, i)
	case *ast.ExprStmt:
		l.exprStmt(s)
	case *ast.IfStmt:
		if s.Init != nil {
			l.stmt(s.Init, nil, 0, depth)
		}
		l.expr(s.Cond)
		l.stmts(s.Body.List, depth)
		if s.Else != nil {
			l.stmt(s.Else, nil, 0, depth)
		}
	case *ast.SwitchStmt:
		if s.Init != nil {
			l.stmt(s.Init, nil, 0, depth)
		}
		if s.Tag != nil {
			l.expr(s.Tag)
		}
		for _, cc := range s.Body.List {
			cc := cc.(*ast.CaseClause)
			for _, e := range cc.List {
				l.expr(e)
			}
			l.stmts(cc.Body, depth+1)
		}
	case *ast.TypeSwitchStmt:
		if s.Init != nil {
			l.stmt(s.Init, nil, 0, depth)
		}
		l.exprs(s.Assign)
		for _, cc := range s.Body.List {
			l.stmts(cc.(*ast.CaseClause).Body, depth+1)
		}
	case *ast.ForStmt:
		if s.Init != nil {
			l.stmt(s.Init, nil, 0, depth)
		}
		if s.Cond != nil {
			l.expr(s.Cond)
		}
		if s.Post != nil {
			l.stmt(s.Post, nil, 0, depth+1)
		}
		l.stmts(s.Body.List, depth+1)
	case *ast.RangeStmt:
		l.expr(s.X)
		if s.Tok == token.ASSIGN {
			for _, x := range []ast.Expr{s.Key, s.Value} {
				if x != nil && !l.c.eff.local(x, l.sc) {
					l.bad(x.Pos(), "a nested loop assigns "+types.ExprString(x)+", declared outside")
				}
			}
		}
		l.stmts(s.Body.List, depth+1)
	case *ast.BranchStmt:
		switch {
		case s.Tok == token.CONTINUE && (s.Label == nil && depth == 0 || s.Label != nil && l.ownLabel(s.Label)):
		case s.Tok == token.CONTINUE && s.Label == nil, s.Tok == token.BREAK && s.Label == nil && depth > 0:
		case s.Tok == token.FALLTHROUGH:
		case s.Label != nil && l.innerLabel(s.Label) && s.Tok != token.GOTO:
		default:
			l.exits = append(l.exits, s)
			l.exitAfter(list, i)
		}
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			l.expr(r)
			if !l.constant(r) {
				l.bad(r.Pos(), "returns "+types.ExprString(r)+", which depends on which entry comes first,")
			}
		}
		l.exits = append(l.exits, s)
		l.exitAfter(list, i)
	case *ast.DeferStmt:
		l.bad(s.Pos(), "defer")
	case *ast.GoStmt, *ast.SendStmt, *ast.SelectStmt:
		// the concurrency rule reports these
	default:
		l.bad(s.Pos(), "a statement the map-order rule does not allow")
	}
}

// exitAfter marks the writes just before an exit, in its list.
func (l *loop) exitAfter(list []ast.Stmt, i int) {
	if len(list) == 0 {
		return
	}
	in := l.byBlock[&list[0]]
	for _, j := range in[l.marked[&list[0]]:] {
		l.writes[j].last = true
	}
	l.marked[&list[0]] = len(in)
}

// ownLabel reports whether label names this loop; innerLabel whether it
// names a statement inside it.
func (l *loop) ownLabel(label *ast.Ident) bool {
	obj := l.c.pass.TypesInfo.Uses[label]
	return obj != nil && obj == l.c.labels[l.rs]
}

func (l *loop) innerLabel(label *ast.Ident) bool {
	obj := l.c.pass.TypesInfo.Uses[label]
	return obj != nil && obj.Pos() > l.rs.Body.Lbrace && obj.Pos() < l.rs.Body.Rbrace
}

func (l *loop) constant(e ast.Expr) bool {
	tv, ok := l.c.pass.TypesInfo.Types[e]
	return ok && (tv.Value != nil || tv.IsNil())
}

func (l *loop) assign(s *ast.AssignStmt, list []ast.Stmt, i int) {
	if s.Tok == token.DEFINE {
		for _, r := range s.Rhs {
			l.expr(r)
		}
		return
	}
	if len(s.Lhs) != len(s.Rhs) {
		for _, r := range s.Rhs {
			l.expr(r)
		}
		for _, x := range s.Lhs {
			if !l.c.eff.local(x, l.sc) {
				l.bad(x.Pos(), "assigns "+types.ExprString(x))
			}
		}
		return
	}
	for j, x := range s.Lhs {
		if s.Tok == token.ASSIGN {
			l.plain(x, s.Rhs[j], list, i)
		} else {
			l.update(x, s.Rhs[j], s, list, i)
		}
	}
}

// plain classifies x = rhs.
func (l *loop) plain(x, rhs ast.Expr, list []ast.Stmt, i int) {
	info := l.c.pass.TypesInfo
	if l.c.eff.local(x, l.sc) {
		l.expr(x)
		l.expr(rhs)
		return
	}
	path := types.ExprString(x)
	if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "min", "max":
					self := false
					for _, a := range call.Args {
						if types.ExprString(a) == path {
							l.self[a] = true
							self = true
						}
					}
					if self {
						l.expr(rhs)
						l.addWrite(writePath(info, x), wCommute, x.Pos(), list, i)
						return
					}
				case "append":
					if len(call.Args) > 0 && types.ExprString(call.Args[0]) == path && !call.Ellipsis.IsValid() {
						l.self[call.Args[0]] = true
						l.expr(rhs)
						l.addWrite(path, wAppend, x.Pos(), list, i)
						l.appends = append(l.appends, appended{path, x.Pos()})
						return
					}
				}
			}
		}
	}
	if l.constant(rhs) {
		l.expr(rhs)
		l.addWrite(writePath(info, x), wConst, x.Pos(), list, i)
		return
	}
	if ix, ok := ast.Unparen(x).(*ast.IndexExpr); ok {
		if _, isMap := coreType(info.TypeOf(ix.X)).(*types.Map); isMap && l.key != nil {
			if id, ok := ast.Unparen(ix.Index).(*ast.Ident); ok && info.Uses[id] == l.key {
				l.markSelf(rhs, types.ExprString(x))
				l.expr(rhs)
				l.addWrite(types.ExprString(ix.X), wCommute, x.Pos(), list, i)
				return
			}
		}
	}
	l.expr(rhs)
	what := "assigns " + path
	switch {
	case isPickLike(rhs, l):
		what += " from the entry (which entry wins depends on the order)"
	}
	l.bad(x.Pos(), what)
}

// writePath is what writing x writes, for reads to be checked against:
// the map itself for an element of a map (whose length, too, may change).
func writePath(info *types.Info, x ast.Expr) string {
	if ix, ok := ast.Unparen(x).(*ast.IndexExpr); ok {
		if _, isMap := coreType(info.TypeOf(ix.X)).(*types.Map); isMap {
			return types.ExprString(ix.X)
		}
	}
	return types.ExprString(x)
}

// isPickLike is a hook for a better message: the value comes from the
// entry.
func isPickLike(rhs ast.Expr, l *loop) bool {
	found := false
	ast.Inspect(rhs, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && l.sc(l.c.pass.TypesInfo.Uses[id]) == param {
			found = true
		}
		return !found
	})
	return found
}

func (l *loop) markSelf(e ast.Expr, path string) {
	ast.Inspect(e, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && types.ExprString(x) == path {
			l.self[x] = true
			return false
		}
		return true
	})
}

// update classifies x op= rhs and x++ (rhs nil).
func (l *loop) update(x, rhs ast.Expr, s ast.Stmt, list []ast.Stmt, i int) {
	if rhs != nil {
		l.expr(rhs)
	}
	if l.c.eff.local(x, l.sc) {
		l.expr(x)
		return
	}
	t := l.c.pass.TypesInfo.TypeOf(x)
	basic, _ := coreType(t).(*types.Basic)
	op := token.INC
	if a, ok := s.(*ast.AssignStmt); ok {
		op = a.Tok
	}
	switch {
	case basic == nil || basic.Info()&types.IsInteger == 0:
		what := "updates " + types.ExprString(x)
		switch {
		case basic != nil && basic.Info()&types.IsFloat != 0:
			what = "sums floats into " + types.ExprString(x) + " (rounding depends on the order)"
		case basic != nil && basic.Info()&types.IsString != 0:
			what = "concatenates onto " + types.ExprString(x)
		}
		l.bad(x.Pos(), what)
	case op == token.INC || op == token.DEC || op == token.ADD_ASSIGN || op == token.SUB_ASSIGN ||
		op == token.MUL_ASSIGN || op == token.OR_ASSIGN || op == token.AND_ASSIGN || op == token.XOR_ASSIGN:
		if ix, ok := ast.Unparen(x).(*ast.IndexExpr); ok {
			l.expr(ix.Index)
		}
		l.addWrite(writePath(l.c.pass.TypesInfo, x), wCommute, x.Pos(), list, i)
	default:
		l.bad(x.Pos(), "updates "+types.ExprString(x)+" with "+op.String()+", which depends on the order")
	}
}

func (l *loop) addWrite(path string, k writeKind, pos token.Pos, list []ast.Stmt, _ int) {
	w := write{path: path, kind: k, pos: pos, block: list}
	if len(list) > 0 {
		l.byBlock[&list[0]] = append(l.byBlock[&list[0]], len(l.writes))
	}
	l.writes = append(l.writes, w)
}

func (l *loop) exprStmt(s *ast.ExprStmt) {
	call, ok := ast.Unparen(s.X).(*ast.CallExpr)
	if !ok {
		l.expr(s.X)
		return
	}
	info := l.c.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "delete" && len(call.Args) == 2 {
			l.expr(call.Args[1])
			if !l.c.eff.local(call.Args[0], l.sc) {
				l.addWrite(types.ExprString(call.Args[0]), wCommute, call.Pos(), nil, 0)
				l.self[call.Args[0]] = true
			}
			return
		}
	}
	if fn := calledFunc(info, call); fn != nil {
		if recv := fn.Signature().Recv(); recv != nil && ifaceMethod(recv.Type(), fn) == Module+"/sim.Storage.Delete" {
			for _, a := range call.Args {
				l.expr(a)
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				l.expr(sel.X)
			}
			return
		}
	}
	l.expr(call)
}

// exprs checks the expressions of a node.
func (l *loop) exprs(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			l.expr(e)
			return false
		}
		return true
	})
}

// expr checks the calls of an expression for effects, and keeps its reads
// for finish.
func (l *loop) expr(e ast.Expr) {
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if !l.c.charge(n) {
				return false
			}
			if why, callees := l.c.eff.scan(n.Body, l.sc); why != "" {
				l.bad(n.Pos(), "a func literal that "+why)
			} else {
				for _, fn := range callees {
					if w := l.c.eff.impure[fn]; w != "" {
						l.bad(n.Pos(), "a func literal that calls "+fn.Name()+", which "+w)
						break
					}
				}
			}
			return false
		case *ast.CallExpr:
			l.callees = append(l.callees, n)
			why, callees := l.c.eff.call(n, l.sc)
			for _, callee := range callees {
				if w := l.c.eff.impure[callee]; why == "" && w != "" {
					why = "calls " + types.ExprString(n.Fun) + ", which " + w
					if callee.Signature().Recv() != nil && callee.Name() != calledName(n) {
						why = "calls " + types.ExprString(n.Fun) + ", which calls " + callee.Name() + ", which " + w
					}
				}
			}
			if why != "" {
				l.bad(n.Pos(), why)
			}
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
			if !l.self[n.(ast.Expr)] {
				l.reads = append(l.reads, n.(ast.Expr))
			} else {
				return false
			}
		}
		return true
	})
}

// finish checks what the loop wrote against what it read, its exits and
// its appends.
func (l *loop) finish() {
	// first[p] is the first write of path p; under[p], the first write of
	// a path that p is a part of (p.x, p[i]).
	first, under := map[string]int{}, map[string]int{}
	for i, w := range l.writes {
		if _, ok := first[w.path]; !ok {
			first[w.path] = i
		}
		for j := 0; j < len(w.path); j++ {
			if c := w.path[j]; c == '.' || c == '[' {
				if _, ok := under[w.path[:j]]; !ok {
					under[w.path[:j]] = i
				}
			}
		}
	}
	for _, r := range l.reads {
		if !l.c.charge(r) {
			return
		}
		// A read of s reads a write of s itself, or of a path s is a part
		// of: the first such write in the loop is named.
		s, at := types.ExprString(r), -1
		for j := 0; j <= len(s); j++ {
			if j < len(s) && s[j] != '.' && s[j] != '[' {
				continue
			}
			if i, ok := first[s[:j]]; ok && (at < 0 || i < at) {
				at = i
			}
		}
		if at >= 0 {
			l.bad(r.Pos(), "reads "+l.writes[at].path+", which the loop writes,")
			return
		}
	}
	for _, call := range l.callees {
		var handed []ast.Expr
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s := l.c.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				handed = append(handed, sel.X)
			}
		}
		handed = append(handed, call.Args...)
		for _, h := range handed {
			if l.self[h] {
				continue
			}
			e := types.ExprString(h)
			if i, ok := under[e]; ok {
				l.bad(h.Pos(), "hands "+e+" to "+types.ExprString(call.Fun)+", which may read "+l.writes[i].path+", which the loop writes,")
				return
			}
		}
	}
	if len(l.exits) > 0 {
		for _, w := range l.writes {
			if w.kind != wConst || !w.last {
				l.bad(l.exits[0].Pos(), "leaves the loop early after writing "+w.path+" (what was done before depends on the order)")
				return
			}
		}
	}
	sorted := l.sortedAfter()
	for _, a := range l.appends {
		if !sorted[a.path] {
			l.bad(a.pos, "appends to "+a.path+" (sort it right after the loop: slices.Sort("+a.path+"))")
		}
	}
}

// sorts are the functions that sort their first argument.
var sorts = []string{
	"slices.Sort", "slices.SortFunc", "slices.SortStableFunc",
	"sort.Strings", "sort.Ints", "sort.Float64s", "sort.Slice", "sort.SliceStable", "sort.Sort", "sort.Stable",
}

// sortedAfter returns what the statements that follow the loop sort,
// before any other statement: the paths of their first arguments.
func (l *loop) sortedAfter() map[string]bool {
	sorted := map[string]bool{}
	if len(l.appends) == 0 {
		return sorted
	}
	for _, s := range l.c.after[l.rs] {
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			break
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			break
		}
		fn := calledFunc(l.c.pass.TypesInfo, call)
		if fn == nil || fn.Pkg() == nil || !contains(sorts, fn.Pkg().Path()+"."+fn.Name()) {
			break
		}
		arg := ast.Unparen(call.Args[0])
		if conv, ok := arg.(*ast.CallExpr); ok && len(conv.Args) == 1 && l.c.pass.TypesInfo.Types[conv.Fun].IsType() {
			arg = conv.Args[0] // sort.Sort(sort.StringSlice(s))
		}
		sorted[types.ExprString(arg)] = true
	}
	return sorted
}

// calledName returns the name of the function or method a call names.
func calledName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}
