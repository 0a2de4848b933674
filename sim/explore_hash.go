package sim

import (
	"math"
	"reflect"
)

// stateHash identifies the state an explored world is in, so that the
// search visits each state once. It folds:
//
//   - per node, in id order: whether it is up, its incarnation, and, if it
//     is up, its instance (every field, unexported ones included, through
//     pointers, slices, maps and interfaces, maps without regard to
//     order), the values libraries keep for it (Hooks.SetValue: rpc's
//     handlers and pending calls) and how many interceptors it has; its
//     Storage (every key and value);
//   - the messages in flight, as a multiset of (receiver, sender,
//     incarnation, content hash): their sending order and due times do not
//     count, since any of them may be delivered next;
//   - each node's waiting timers, in the order they are due: which code
//     each runs (the callback's code pointer), but not when: states whose
//     timers differ only in their due times are one state (see below);
//   - the faults used so far, which decide the faults still possible.
//
// Virtual time is not hashed, nor due times: the order in which two
// nodes' timers fired moves the clock, and so the due times of the timers
// they set next, and hashing them would keep apart nearly every pair of
// schedules that differ in the order of independent events. The price is
// that a merged state stands for the first schedule that reached it: a
// node whose timer would fall between two of its pending timers in the
// other schedule, but not in this one, is explored in one order only. Nor
// are hashed what a func value captured (a callback is known by its code
// alone), the position of a node's random stream unless the node keeps
// its *rand.Rand in a field, and what belongs to the test rather than to
// a node, as the sharing check sees it: memory the test allowed nodes to
// share (World.AllowShared) and values of types declared in test packages
// that a node points to (a test host's harness). Two states that differ
// only there are one state, explored from the first schedule that
// reached it; the harness's checks still run on every schedule, with the
// harness state of that schedule.
//
// A node's part is hashed again only when code may have changed it: after
// an event of the node ran (its Start, a timer, a delivery), after it
// crashed or restarted, and after a World callback (test code, which may
// reach any node); observers, Invariant, Goal and Prune must only read.
func (s *sched) stateHash() uint64 {
	w := s.w
	h := fold(fold(fold(fold(0x9e3779b97f4a7c15, uint64(s.losses)), uint64(s.dups)), uint64(s.crashes)), uint64(s.restarts))
	if len(s.nodeHash) != len(w.nodes) {
		s.nodeHash = make([]uint64, len(w.nodes))
		s.fresh = make([]bool, len(w.nodes))
	}
	sh := stateHasher{allowed: w.share.allowed}
	for i, n := range w.nodes {
		if !s.fresh[i] {
			s.nodeHash[i] = sh.node(n)
			s.fresh[i] = true
		}
		h = fold(h, s.nodeHash[i])
	}
	// Messages: a multiset, summed. Timers: a sequence per node, in due
	// order, each node's summed.
	var msgs uint64
	per := make([]uint64, len(w.nodes)+1)
	for i := range w.q.h {
		e := &w.q.h[i]
		switch e.kind {
		case evDeliver:
			m := &w.msgs[e.slot]
			msgs += mix64(fold(fold(fold(uint64(e.node), uint64(m.from)), uint64(e.inc)), m.hash))
		}
	}
	for _, t := range s.timersInOrder() {
		e := &w.q.h[t]
		ts := &w.timers[e.slot]
		k := int(e.node) + 1
		per[k] = fold(fold(per[k], uint64(e.inc)), uint64(reflect.ValueOf(ts.fn).Pointer()))
	}
	h = fold(h, msgs)
	for _, p := range per {
		h = fold(h, p)
	}
	return h
}

// node hashes node n's part of the state.
func (sh *stateHasher) node(n *node) uint64 {
	h := fold(0x2545f4914f6cdd1d, uint64(n.inc)<<1)
	if n.up {
		h = fold(h, 1)
		v := reflect.ValueOf(n.inst)
		h = sh.hash(planFor(v.Type()), h, v, 0)
		if vals := n.env.values; len(vals) > 0 {
			v := reflect.ValueOf(vals)
			h = sh.hash(planFor(v.Type()), h, v, 0)
		}
		for _, ic := range n.env.intercept {
			h = fold(h, uint64(reflect.ValueOf(ic).Pointer()))
		}
	}
	st := reflect.ValueOf(n.store.m)
	return sh.hash(planFor(st.Type()), h, st, 0)
}

// touched marks node id's part of the state for hashing again (NoNode:
// every node's).
func (s *sched) touched(id NodeID) {
	switch {
	case id == NoNode:
		clear(s.fresh)
	case int(id) < len(s.fresh):
		s.fresh[id] = false
	}
}

// timersInOrder returns the queue indexes of the live timers and World.At
// callbacks, in due order (then scheduling order).
func (s *sched) timersInOrder() []int {
	w := s.w
	var ts []int
	for i := range w.q.h {
		e := &w.q.h[i]
		if (e.kind == evTimer || e.kind == evWorld) && w.timers[e.slot].live {
			ts = append(ts, i)
		}
	}
	for i := 1; i < len(ts); i++ { // few timers: insertion sort
		for j := i; j > 0 && w.q.h[ts[j]].before(&w.q.h[ts[j-1]]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	return ts
}

// stateHasher hashes a node's state by content, following the plan table.
// A pointer that leads back to a value on the current path (a cycle) is
// folded as its distance up the path, so that equal states hash equally
// wherever they sit in memory; memory two fields share is hashed once per
// field.
type stateHasher struct {
	path    []seenKey
	allowed map[uintptr]bool // memory the test allowed nodes to share (World.AllowShared)
}

var timerType = reflect.TypeFor[Timer]()

// maxHashDepth bounds the walk, as a guard; deeper values are cut short.
const maxHashDepth = 10_000

func (sh *stateHasher) hash(p *plan, h uint64, v reflect.Value, depth int) uint64 {
	if depth > maxHashDepth {
		return fold(h, 0xdee9)
	}
	switch p.kind {
	case reflect.Bool:
		if v.Bool() {
			return fold(h, 1)
		}
		return fold(h, 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fold(h, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fold(h, v.Uint())
	case reflect.Float32, reflect.Float64:
		return fold(h, math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return fold(fold(h, math.Float64bits(real(c))), math.Float64bits(imag(c)))
	case reflect.String:
		s := v.String()
		return fold(fold(h, uint64(len(s))), stringHash(s))
	case reflect.Func:
		if v.IsNil() {
			return fold(h, 0)
		}
		return fold(h, uint64(v.Pointer()))
	case reflect.Chan, reflect.UnsafePointer:
		if v.IsNil() {
			return fold(h, 0)
		}
		return fold(h, 1)
	case reflect.Slice:
		if v.IsNil() {
			return fold(h, 0)
		}
		if p.bytes {
			return fold(fold(h, uint64(v.Len())+1), stringHash(string(v.Bytes())))
		}
		h = fold(h, uint64(v.Len())+1)
		for i := range v.Len() {
			h = sh.hash(p.elem, h, v.Index(i), depth+1)
		}
		return h
	case reflect.Array:
		for i := range v.Len() {
			h = sh.hash(p.elem, h, v.Index(i), depth+1)
		}
		return h
	case reflect.Map:
		if v.IsNil() {
			return fold(h, 0)
		}
		if back, ok := sh.enter(v.Pointer(), p); !ok {
			return fold(h, back)
		}
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			kh := sh.hash(p.key, 0x51, it.Key(), depth+1)
			sum += mix64(sh.hash(p.elem, kh, it.Value(), depth+1))
		}
		sh.path = sh.path[:len(sh.path)-1]
		return fold(fold(h, uint64(v.Len())+1), sum)
	case reflect.Pointer:
		if v.IsNil() {
			return fold(h, 0)
		}
		if p.elem.opaque {
			return fold(h, 2) // the simulator's own (Env, Storage, World) or immutable
		}
		if (depth > 0 && p.elem.test) || sh.allowed[v.Pointer()] {
			return fold(h, 3) // the test's: a host's pointer to its harness
		}
		back, ok := sh.enter(v.Pointer(), p.elem)
		if !ok {
			return fold(h, back)
		}
		h = sh.hash(p.elem, fold(h, 1), v.Elem(), depth+1)
		sh.path = sh.path[:len(sh.path)-1]
		return h
	case reflect.Struct:
		if p.typ == timerType {
			if timerPending(v) {
				return fold(h, 1)
			}
			return fold(h, 0)
		}
		if p.opaque {
			return fold(h, p.typeHash)
		}
		for _, f := range p.fields {
			h = sh.hash(f.plan, h, v.Field(f.index), depth+1)
		}
		return h
	case reflect.Interface:
		if v.IsNil() {
			return fold(h, 0)
		}
		d := v.Elem()
		dp := planFor(d.Type())
		return sh.hash(dp, fold(h, dp.typeHash), d, depth+1)
	}
	return h
}

// enter pushes the memory at ptr, as a value of p's type, on the path. If
// it is there already (a cycle), it returns the distance up the path
// instead, and false.
func (sh *stateHasher) enter(ptr uintptr, p *plan) (uint64, bool) {
	k := seenKey{ptr: ptr, typ: p}
	for i := len(sh.path) - 1; i >= 0; i-- {
		if sh.path[i] == k {
			return uint64(len(sh.path)-i) | 1<<40, false
		}
	}
	sh.path = append(sh.path, k)
	return 0, true
}

// timerPending reads a Timer value (perhaps an unexported field, which
// reflect cannot turn back into an interface) and reports whether it is
// pending: a Timer's slot and generation are bookkeeping that differs
// between equal states.
func timerPending(v reflect.Value) bool {
	t := Timer{
		w:    (*World)(v.Field(0).UnsafePointer()),
		slot: int32(v.Field(1).Int()),
		gen:  uint32(v.Field(2).Uint()),
		node: NodeID(v.Field(3).Int()),
		inc:  uint32(v.Field(4).Uint()),
	}
	return t.Pending()
}
