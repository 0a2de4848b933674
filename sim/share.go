package sim

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// SharedMemoryError is the error of a run in which two nodes can reach the
// same mutable memory: a pointer, slice, map or channel that both hold, by
// whatever route (a value the factory captured, an argument the harness
// passed to both, a pointer one node handed the other through a test
// host). Nodes of a distributed system share nothing, so such a run means
// nothing: the run ends, as a misuse (a PanicError with Usage set, whose
// Value is the SharedMemoryError).
type SharedMemoryError struct {
	Nodes [2]string // the two nodes, in the order they were added
	Paths [2]string // how each reaches the memory, e.g. "n1.(*paxos.Node).log.entries[0]"
	Types [2]string // the type of what each path reaches, e.g. "*paxos.Entry"
}

func (e *SharedMemoryError) Error() string {
	what := "the same " + e.Types[0]
	if e.Types[0] != e.Types[1] {
		what = fmt.Sprintf("overlapping memory (a %s and a %s)", e.Types[0], e.Types[1])
	}
	return fmt.Sprintf("sim: nodes %s and %s share memory: %s and %s reach %s; nodes must not share mutable memory (a factory must build each node's values afresh, and a harness pass each node its own copies)",
		e.Nodes[0], e.Nodes[1], e.Paths[0], e.Paths[1], what)
}

// Defaults of the sharing check in Options.
const (
	// DefaultShareCheckEvery is the least number of events between two
	// periodic sharing checks.
	DefaultShareCheckEvery = 10_000
	// shareCostFactor spaces periodic checks by at least this many events
	// per value the last check visited, so that checking costs a small
	// fraction of the run however large the nodes' state grows.
	shareCostFactor = 4
)

// AllowShared tells the sharing check that v, a pointer, slice, map or
// channel, belongs to the test, not to any node: nodes may all reach it
// (a test host's pointer to the harness that records what its node does),
// and the check does not look inside it. Node code has no World, so only a
// test can allow sharing.
func (w *World) AllowShared(v any) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Chan:
		if !rv.IsNil() {
			if w.share.allowed == nil {
				w.share.allowed = map[uintptr]bool{}
			}
			w.share.allowed[rv.Pointer()] = true
			return
		}
	}
	w.fail(fmt.Errorf("sim: AllowShared(%T): want a non-nil pointer, slice, map or channel", v))
}

// shareState is the world's state of the sharing check.
type shareState struct {
	started bool   // a node started since the last check
	next    uint64 // w.popped at which the next periodic check is due
	last    uint64 // w.popped at the last check
	allowed map[uintptr]bool
	scan    shareScan // reused from check to check
}

// shareDue reports whether a sharing check should run before event e:
// once every node that booted has run its Start (e is not a start), and
// periodically.
func (w *World) shareDue(e *event) bool {
	if w.opts.ShareCheckEvery < 0 {
		return false
	}
	return (w.share.started && e.kind != evStart) || w.popped >= w.share.next
}

// checkSharing looks for mutable memory that two running nodes can both
// reach, and returns the error that ends the run if it finds some.
func (w *World) checkSharing() error {
	s := &w.share
	s.started = false
	s.last = w.popped
	sc := &s.scan
	sc.reset(w)
	for _, n := range w.nodes {
		if n.up && n.inst != nil {
			sc.node = n.id
			sc.root(n)
		}
	}
	gap := uint64(w.opts.ShareCheckEvery)
	if gap > 1 {
		gap = max(gap, shareCostFactor*uint64(sc.visited))
	}
	s.next = w.popped + gap
	if !sc.overlaps() {
		return nil
	}
	serr := w.explainSharing()
	if serr == nil {
		return nil // cannot happen: the scans saw the same memory
	}
	return &PanicError{Seed: w.seed, Time: w.now, Node: serr.Nodes[1],
		Event: "a check that nodes share no memory", Value: serr, Usage: true}
}

// checkSharingAtEnd runs the sharing check at the end of a run, if events
// happened since the last one.
func (w *World) checkSharingAtEnd() {
	if w.err == nil && w.opts.ShareCheckEvery >= 0 && (w.share.started || w.popped > w.share.last) {
		if err := w.checkSharing(); err != nil {
			w.fail(err)
		}
	}
}

// region is a range of memory a node can reach: [start, end).
type region struct {
	start, end uintptr
	node       NodeID
}

// seenKey is a reference a scan already followed: the same address can be
// reached as a struct and as its first field, which the walk must tell
// apart.
type seenKey struct {
	ptr uintptr
	typ *plan
}

// shareScan walks the state of nodes and records the memory each reaches.
// It follows pointers, slices, maps and interfaces, unexported fields
// included, and skips what the simulator gives a node (its Env, Storage,
// Timers), immutable values (strings, and values without references),
// memory a test allowed (World.AllowShared), and values of types declared
// in test packages (a package whose name ends in _test), pointed to from
// inside a node: a test host's pointer to the harness that records what
// its node does. (Node code cannot make such values: no package imports a
// test package.) It cannot see what a func value captured, nor
// package-level variables that node code uses by name.
type shareScan struct {
	w       *World
	node    NodeID
	regions []region
	buf     []region // for sorting regions
	seen    map[seenKey]bool
	visited int

	// When path is set, the scan names what it reaches and stops at the
	// first region that overlaps target; see explainSharing.
	path   bool
	target regionSet
	found  bool
	foundR region
	foundP string
	foundT string
}

func (sc *shareScan) reset(w *World) {
	sc.w = w
	sc.regions = sc.regions[:0]
	sc.visited = 0
	sc.path, sc.target, sc.found = false, regionSet{}, false
	if sc.seen == nil {
		sc.seen = map[seenKey]bool{}
	}
	clear(sc.seen)
}

// root walks the running instance of node n.
func (sc *shareScan) root(n *node) {
	v := reflect.ValueOf(n.inst)
	p := planFor(v.Type())
	clear(sc.seen) // each node's walk sees everything it reaches
	sc.walk(p, v, n.name+".("+p.name+")", 0)
}

// The types whose values the scan does not enter (see plan.opaque): the
// simulator's own (each node's Env and Storage are its own; a Timer
// points to the World), and standard-library types whose values node
// code cannot change.
var shareOpaque = map[reflect.Type]bool{
	reflect.TypeFor[nodeEnv]():                    true,
	reflect.TypeFor[World]():                      true,
	reflect.TypeFor[memStorage]():                 true,
	reflect.TypeOf(fmt.Errorf("")).Elem():         true, // errors.New's and fmt.Errorf's *errorString
	reflect.TypeOf(reflect.TypeFor[int]()).Elem(): true, // reflect.Type's *rtype
	reflect.TypeFor[time.Location]():              true,
}

// maxShareDepth bounds the recursion of a scan, as a guard; a node's state
// that nests deeper (a long linked list) is scanned to that depth only.
const maxShareDepth = 10_000

// walk records the memory v, a value of p's type reached by path, refers
// to, and walks what that memory holds. path is only built when sc.path
// is set.
func (sc *shareScan) walk(p *plan, v reflect.Value, path string, depth int) {
	if p.flat || depth > maxShareDepth || sc.found {
		return
	}
	sc.visited++
	switch p.kind {
	case reflect.Pointer:
		if v.IsNil() || p.elem.opaque || (depth > 0 && p.elem.test) {
			return
		}
		if sc.enter(v.Pointer(), p.elem.size, p, path, !p.elem.flat) {
			sc.walk(p.elem, v.Elem(), path, depth+1)
		}
	case reflect.Slice:
		if v.IsNil() || v.Cap() == 0 {
			return
		}
		// The whole capacity counts: appending writes beyond the length.
		if !sc.enter(v.Pointer(), uintptr(v.Cap())*p.elem.size, p, path, !p.elem.flat) {
			return
		}
		for i := range v.Len() {
			sc.walk(p.elem, v.Index(i), sc.index(path, i), depth+1)
		}
	case reflect.Array:
		for i := range v.Len() {
			sc.walk(p.elem, v.Index(i), sc.index(path, i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() || !sc.enter(v.Pointer(), 1, p, path, !p.key.flat || !p.elem.flat) {
			return
		}
		if sc.path {
			// In key order, so that the path named is the same in every run.
			for _, k := range sortedKeys(p, v) {
				kp := path + "[" + formatKey(p.key, k) + "]"
				sc.walk(p.key, k, kp+"(key)", depth+1)
				sc.walk(p.elem, v.MapIndex(k), kp, depth+1)
			}
			return
		}
		it := v.MapRange()
		for it.Next() {
			if !p.key.flat {
				sc.walk(p.key, it.Key(), "", depth+1)
			}
			if !p.elem.flat {
				sc.walk(p.elem, it.Value(), "", depth+1)
			}
		}
	case reflect.Struct:
		for _, f := range p.fields {
			if !f.plan.flat {
				fp := ""
				if sc.path {
					fp = path + "." + f.name
				}
				sc.walk(f.plan, v.Field(f.index), fp, depth+1)
			}
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		d := v.Elem()
		dp := planFor(d.Type())
		if dp.kind == reflect.Pointer && (dp.elem.opaque || dp.elem.test) {
			return
		}
		dpath := ""
		if sc.path {
			dpath = path + ".(" + dp.name + ")"
		}
		sc.walk(dp, d, dpath, depth+1)
	case reflect.Chan:
		if !v.IsNil() {
			sc.enter(v.Pointer(), 1, p, path, false)
		}
	}
	// Funcs: what a closure captured is not reachable by reflection.
	// Unsafe pointers: node code cannot make them (the lab checker forbids
	// package unsafe).
}

// index extends path by an index, when the scan names paths.
func (sc *shareScan) index(path string, i int) string {
	if !sc.path {
		return ""
	}
	return path + "[" + strconv.Itoa(i) + "]"
}

// enter records the n bytes at ptr, reached by path as a value of p's
// type, and reports whether the walk should go on into them: not when
// they are empty, allowed, or (if deeper, they may refer to more memory)
// were already walked. Memory without references is not remembered: it
// may be recorded twice, which costs less than remembering it.
func (sc *shareScan) enter(ptr, n uintptr, p *plan, path string, deeper bool) bool {
	if n == 0 || sc.w.share.allowed[ptr] {
		return false
	}
	if deeper {
		k := seenKey{ptr, p}
		if sc.seen[k] {
			return false
		}
		sc.seen[k] = true
	}
	r := region{start: ptr, end: ptr + n, node: sc.node}
	if sc.path {
		if sc.target.overlaps(r) {
			sc.found, sc.foundR, sc.foundP, sc.foundT = true, r, path, p.name
			return false
		}
		return true
	}
	sc.regions = append(sc.regions, r)
	return true
}

// regionSet is a set of regions sorted by start, with the furthest end
// of each prefix, to tell whether a region overlaps any of them.
type regionSet struct {
	rs     []region
	maxEnd []uintptr
}

func newRegionSet(rs []region) regionSet {
	sortRegions(rs, nil)
	s := regionSet{rs: rs, maxEnd: make([]uintptr, len(rs))}
	var m uintptr
	for i, r := range rs {
		m = max(m, r.end)
		s.maxEnd[i] = m
	}
	return s
}

// overlaps reports whether r overlaps a region of s: whether one of those
// that start before r ends, ends after r starts.
func (s regionSet) overlaps(r region) bool {
	i, _ := slices.BinarySearchFunc(s.rs, r.end, func(x region, end uintptr) int {
		if x.start < end {
			return -1
		}
		return 1
	})
	return i > 0 && s.maxEnd[i-1] > r.start
}

// overlaps reports whether the regions recorded by the last scan include
// two of different nodes that overlap.
func (sc *shareScan) overlaps() bool {
	sc.buf = slices.Grow(sc.buf[:0], len(sc.regions))
	rs := sortRegions(sc.regions, sc.buf)
	// best is the region reaching furthest so far; other the one reaching
	// furthest among those of the other nodes.
	best, other := -1, -1
	for i, r := range rs {
		if best >= 0 && r.node != rs[best].node && r.start < rs[best].end {
			return true
		}
		if other >= 0 && r.node != rs[other].node && r.start < rs[other].end {
			return true
		}
		switch {
		case best < 0 || r.end > rs[best].end:
			if best >= 0 && rs[best].node != r.node {
				other = best
			}
			best = i
		case r.node != rs[best].node && (other < 0 || r.end > rs[other].end):
			other = i
		}
	}
	return false
}

// explainSharing finds, in a way that does not depend on addresses or map
// order, the two nodes that share memory and a path from each to it: the
// first pair of nodes (in the order they were added) whose memory
// overlaps, and the first shared place the first node's walk reaches.
func (w *World) explainSharing() *SharedMemoryError {
	var up []*node
	for _, n := range w.nodes {
		if n.up && n.inst != nil {
			up = append(up, n)
		}
	}
	mem := make([]regionSet, len(up))
	for i, n := range up {
		sc := shareScan{w: w, node: n.id, seen: map[seenKey]bool{}}
		sc.root(n)
		mem[i] = newRegionSet(sc.regions)
	}
	for i, a := range up {
		for j := i + 1; j < len(up); j++ {
			b := up[j]
			pa, ta, ra := w.firstShared(a, mem[j])
			if ra == nil {
				continue
			}
			pb, tb, _ := w.firstShared(b, newRegionSet([]region{*ra}))
			return &SharedMemoryError{Nodes: [2]string{a.name, b.name}, Paths: [2]string{pa, pb}, Types: [2]string{ta, tb}}
		}
	}
	return nil
}

// firstShared walks node n, naming paths in a fixed order, and returns the
// first place it reaches that overlaps target: its path, its type and its
// region, or a nil region.
func (w *World) firstShared(n *node, target regionSet) (string, string, *region) {
	sc := shareScan{w: w, node: n.id, seen: map[seenKey]bool{}, path: true, target: target}
	sc.root(n)
	if !sc.found {
		return "", "", nil
	}
	return sc.foundP, sc.foundT, &sc.foundR
}

// sortRegions sorts rs by start, in place, and returns it.
func sortRegions(rs, buf []region) []region {
	if len(rs) < 256 {
		slices.SortFunc(rs, func(a, b region) int { return cmp.Compare(a.start, b.start) })
		return rs
	}
	// A least-significant-digit radix sort on the start address, 11 bits
	// a pass, skipping the passes whose digit is the same for all: a scan
	// records thousands of regions, and a comparison sort of them would
	// cost more than the walk that found them.
	var lo, hi uintptr = ^uintptr(0), 0
	for _, r := range rs {
		lo, hi = min(lo, r.start), max(hi, r.start)
	}
	if cap(buf) < len(rs) {
		buf = make([]region, len(rs))
	}
	buf = buf[:len(rs)]
	src, dst := rs, buf
	var count [1 << 11]int
	for shift := uint(0); shift < 64 && (lo^hi)>>shift != 0; shift += 11 {
		clear(count[:])
		for _, r := range src {
			count[(r.start>>shift)&(1<<11-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, r := range src {
			d := (r.start >> shift) & (1<<11 - 1)
			dst[count[d]] = r
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &rs[0] {
		copy(rs, src)
	}
	return rs
}
