package election

import (
	"maps"

	"github.com/distlab/distlab/sim"
)

type tally struct{ n int }

// Accepted: fresh memory declared in the loop, and callbacks that only
// read.
func (n *Node) freshInLoop() int {
	total := 0
	for _, v := range n.data {
		t := &tally{n: v}
		t.n++
		buf := make([]int, 1)
		buf[0] = t.n
		total += buf[0]
	}
	maps.DeleteFunc(n.data, func(k string, v int) bool { return v < 0 })
	_ = maps.EqualFunc(n.data, n.data, func(a, b int) bool { return a == b })
	maps.DeleteFunc(n.votes, n.stale)
	return total
}

func (n *Node) stale(id sim.NodeID, ok bool) bool { return !ok && id != n.leader }

// Rejected: variables of the loop that point outside it, and callbacks
// that the map's order calls with effects.
func (n *Node) aliased() {
	var last sim.NodeID
	for id := range n.votes {
		p := &last
		*p = id // want `^map-order: assigns \*p from the entry`
	}
	for k := range n.data {
		d := n.data
		d["last"] = len(k) // want `^map-order: assigns d\["last"\]`
	}
	for id := range n.votes {
		ids := n.rounds
		ids[0] = int(id) // want `^map-order: assigns ids\[0\]`
	}
	pick := sim.NoNode
	maps.DeleteFunc(n.votes, func(id sim.NodeID, _ bool) bool { // want `^map-order: maps.DeleteFunc calls \(func\(id sim.NodeID, _ bool\) bool literal\) in map order, and it writes pick; it may only read`
		if pick == sim.NoNode {
			pick = id
		}
		return false
	})
	maps.DeleteFunc(n.votes, n.forget)                                                                // want `^map-order: maps.DeleteFunc calls n.forget in map order, and it writes n.leader`
	_ = maps.EqualFunc(n.data, n.data, func(a, b int) bool { n.leader = sim.NodeID(a); return true }) // want `^map-order: maps.EqualFunc calls`
	n.leader = pick
}

func (n *Node) forget(id sim.NodeID, _ bool) bool { n.leader = id; return false }

// setLeader writes n.leader through a pointer it declares: it has effects.
func (n *Node) setLeader(id sim.NodeID) {
	p := &n.leader
	*p = id
}

func (n *Node) callsSetLeader() {
	for id := range n.votes {
		n.setLeader(id) // want `^map-order: calls n.setLeader, which writes \*p`
	}
}
