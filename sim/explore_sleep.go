// Sleep sets: BFS does not take a choice from a state when the state it
// leads to is sure to be reached by another schedule of the same length,
// earlier in BFS's order, and gone on from there.

package sim

import "slices"

// independent reports whether choices a and b of a state commute: taking
// a then b reaches the same state as b then a. Two local choices (see
// local) of different nodes do. Each runs the code of its own node only,
// which reads and writes that node's state and no other; neither moves
// the clock; and what each sends or schedules is listed among the choices
// by receiver, sender and sending order, so both orders enable the same
// choices in the same order. Nothing else is taken as independent: a
// timer due later moves the clock, which the other event would then see;
// a World callback may reach any node; and a fault changes the budgets
// and the choices left.
func independent(a, b mark) bool {
	return local(a) && local(b) && a.node != b.node
}

// local reports whether choice c runs one node's code without moving the
// clock: a delivery, or a node's timer that is already due.
func local(c mark) bool {
	return c.kind == chDeliver || c.kind == chTimer && c.node != NoNode && c.still
}

// mark is what sleep sets keep of a choice: what independent needs, and
// its event's sequence number, which names it along one schedule.
type mark struct {
	seq   uint64
	node  NodeID
	kind  choiceKind
	still bool
}

func (c choice) mark() mark { return mark{seq: c.seq, node: c.node, kind: c.kind, still: c.still} }

// names reports whether m is choice c, along the schedules that extend
// the one m was taken from.
func (m mark) names(c choice) bool { return m.kind == c.kind && m.seq == c.seq }

// bfsEntry is a schedule BFS is to run: the state it reaches, once
// counted, is gone on from by expand.
type bfsEntry struct {
	prefix []int
	done   *outcome // the outcome of prefix, found by the run of its parent
	via    ckey     // the choice that leads here from the parent
	// sleep lists the choices that may not need taking from this entry's
	// state, each with the entry whose child reaches the state it leads
	// to; expand decides.
	sleep []sleeper
	// children are the entries expand made, by the choice that leads to
	// each; none if the state was not gone on from (a repeat, pruned,
	// cut by MaxDepth).
	children []*bfsEntry
}

// child returns the child of e that the choice with key k leads to, or
// nil: a few, so a scan costs less than a map would, and keeps less.
func (e *bfsEntry) child(k ckey) *bfsEntry {
	for _, c := range e.children {
		if c.via == k {
			return c
		}
	}
	return nil
}

// sleeper is a choice z that may be asleep at an entry X: taking it
// reaches the state that the child of cover by X.via reaches, where cover
// is an entry of X's level that comes before X in BFS's order.
type sleeper struct {
	z     mark
	cover *bfsEntry
}

// asleep is a sleeping choice of a state being gone on from, with the
// entry that reaches the state it leads to.
type asleep struct {
	z     mark
	cover *bfsEntry
}

// expand makes the entries of the choices of e's state (enabled) that
// BFS must take, in their order; firstChoice's entry gets first, the
// outcome its run found already (see chain).
//
// A sleeper of e is asleep only if cover was gone on from and has a child
// by e.via, whose state is the one z leads to from e's: BFS visits that
// child, earlier in its order than e's children, and goes on from it
// unless a bound, the Prune or a repeat stops it (and then, for the
// choices that lead on from there, the sleepers of e's children wake up
// in turn). Every other sleeper wakes up: z is taken. So every state a
// skipped choice leads to is an entry of BFS, visited at the same depth,
// and every state is visited at its fewest choices, as without sleep
// sets, Prune or not.
//
// A choice that is taken hands down to each child c's entry, as
// sleepers: each choice still asleep here and each choice taken here
// before c, that commutes with c. The state z then c reaches is the one c
// then z reaches; it is the child by c of the entry that reaches z's
// state from here (cover, or z's own child here).
func (e *bfsEntry) expand(enabled []choice, firstChoice int, first *outcome) []*bfsEntry {
	var zs []asleep
	for _, s := range e.sleep {
		if k := s.cover.child(e.via); k != nil {
			zs = append(zs, asleep{s.z, k})
		}
	}
	e.children = make([]*bfsEntry, 0, len(enabled))
	var taken []asleep
	var out []*bfsEntry
	for c, ch := range enabled {
		if slices.ContainsFunc(zs, func(a asleep) bool { return a.z.names(ch) }) {
			continue
		}
		child := &bfsEntry{prefix: append(slices.Clip(e.prefix), c), via: ch.key()}
		if c == firstChoice {
			child.done = first
		}
		for _, set := range [2][]asleep{zs, taken} {
			for _, a := range set {
				if independent(a.z, ch.mark()) {
					child.sleep = append(child.sleep, sleeper{z: a.z, cover: a.cover})
				}
			}
		}
		e.children = append(e.children, child)
		if local(ch.mark()) {
			taken = append(taken, asleep{ch.mark(), child})
		}
		out = append(out, child)
	}
	return out
}

// firstAwake returns the index of the first choice of choices that no
// sleeper of sleep names, or -1: the first that expand is sure to take.
func firstAwake(choices []choice, sleep []sleeper) int {
	for i, c := range choices {
		if !slices.ContainsFunc(sleep, func(s sleeper) bool { return s.z.names(c) }) {
			return i
		}
	}
	return -1
}
