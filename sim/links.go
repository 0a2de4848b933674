package sim

import (
	"fmt"
	"strings"
)

// linkSet records which directed links are cut, as a bit matrix.
type linkSet struct {
	n    int
	bits []uint64 // bit from*n+to set: from -> to is cut
	cuts int      // number of cut links, so a healthy network costs nothing
}

// grow makes room for n nodes, keeping the cuts.
func (l *linkSet) grow(n int) {
	if n <= l.n {
		return
	}
	bits := make([]uint64, (n*n+63)/64)
	for f := range l.n {
		for t := range l.n {
			if l.get(f, t) {
				i := f*n + t
				bits[i/64] |= 1 << (i % 64)
			}
		}
	}
	l.n, l.bits = n, bits
}

func (l *linkSet) get(from, to int) bool {
	i := from*l.n + to
	return l.bits[i/64]&(1<<(i%64)) != 0
}

func (l *linkSet) set(from, to int, cut bool) {
	if from == to || l.get(from, to) == cut {
		return
	}
	i := from*l.n + to
	l.bits[i/64] ^= 1 << (i % 64)
	if cut {
		l.cuts++
	} else {
		l.cuts--
	}
}

// cut reports whether messages from -> to are blocked.
func (l *linkSet) cut(from, to NodeID) bool {
	return l.cuts > 0 && l.get(int(from), int(to))
}

func (l *linkSet) clear() {
	clear(l.bits)
	l.cuts = 0
}

// Linked reports whether messages from -> to can pass (a node can always
// reach itself).
func (w *World) Linked(from, to NodeID) bool {
	return w.valid(from) && w.valid(to) && !w.links.cut(from, to)
}

// Partition splits the network into groups: every link between nodes of
// different groups is cut, in both directions, and every other cut is
// healed. Nodes in no group keep all their links (clients that can reach
// every side, say). A node may appear in one group only.
func (w *World) Partition(groups ...[]NodeID) error {
	group := make([]int, len(w.nodes))
	for i := range group {
		group[i] = -1
	}
	for g, ids := range groups {
		for _, id := range ids {
			if err := w.checkNode("Partition", id); err != nil {
				return err
			}
			switch {
			case group[id] == g:
				return w.fail(fmt.Errorf("sim: Partition: node %s is listed twice in group %d", w.Name(id), g+1))
			case group[id] >= 0:
				return w.fail(fmt.Errorf("sim: Partition: node %s is in two groups (%d and %d)", w.Name(id), group[id]+1, g+1))
			}
			group[id] = g
		}
	}
	if !w.faults.network() {
		return nil // a FaultPlan left this change out
	}
	w.links.clear()
	for f := range w.nodes {
		for t := range w.nodes {
			if group[f] >= 0 && group[t] >= 0 && group[f] != group[t] {
				w.links.set(f, t, true)
			}
		}
	}
	parts := make([]string, len(groups))
	for g, ids := range groups {
		parts[g] = "{" + w.nameList(ids) + "}"
	}
	w.networkChanged("partition " + strings.Join(parts, " "))
	return nil
}

// Cut blocks messages from -> to, in that direction only.
func (w *World) Cut(from, to NodeID) error {
	if err := w.checkLink("Cut", from, to); err != nil {
		return err
	}
	if !w.faults.network() {
		return nil
	}
	w.links.set(int(from), int(to), true)
	w.networkChanged(fmt.Sprintf("cut %s->%s", w.Name(from), w.Name(to)))
	return nil
}

// Connect restores the link from -> to, in that direction only.
func (w *World) Connect(from, to NodeID) error {
	if err := w.checkLink("Connect", from, to); err != nil {
		return err
	}
	w.links.set(int(from), int(to), false)
	w.networkChanged(fmt.Sprintf("connect %s->%s", w.Name(from), w.Name(to)))
	return nil
}

// Isolate cuts every link to and from node id.
func (w *World) Isolate(id NodeID) error {
	if err := w.checkNode("Isolate", id); err != nil {
		return err
	}
	if !w.faults.network() {
		return nil
	}
	for o := range w.nodes {
		w.links.set(int(id), o, true)
		w.links.set(o, int(id), true)
	}
	w.networkChanged("isolate " + w.Name(id))
	return nil
}

// Heal restores every link.
func (w *World) Heal() {
	w.links.clear()
	w.networkChanged("heal")
}

// SetNet changes the network's parameters from now on; messages already in
// flight keep the delays they were given.
func (w *World) SetNet(c NetConfig) error {
	if err := c.Validate(); err != nil {
		return w.fail(err)
	}
	w.net = c
	w.networkChanged("net " + c.String())
	return nil
}

func (w *World) checkLink(op string, from, to NodeID) error {
	if err := w.checkNode(op, from); err != nil {
		return err
	}
	if err := w.checkNode(op, to); err != nil {
		return err
	}
	if from == to {
		return w.fail(fmt.Errorf("sim: %s(%s, %s): a node's link to itself is always up", op, w.Name(from), w.Name(to)))
	}
	return nil
}

func (w *World) networkChanged(detail string) {
	w.report(KindNetwork, NoNode, NoNode, nil, 0, detail)
}

func (w *World) nameList(ids []NodeID) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = w.Name(id)
	}
	return strings.Join(names, " ")
}
