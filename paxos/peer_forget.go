package paxos

import (
	"maps"
	"slices"

	"github.com/distlab/distlab/sim"
)

// Done tells the peer that this node's application no longer needs
// instances up to and including seq: once every peer said so, they are
// forgotten. Done values only grow: a lower seq than before does nothing.
// The peer tells the others on its next messages to them.
func (px *Peer) Done(seq int) {
	// BEGIN SOLUTION
	// TODO: raise this peer's done value, and forget what can be forgotten.
	me := px.env.ID()
	if seq > px.done[me] {
		px.done[me] = seq
		px.forget(0)
	}
	// END SOLUTION
}

// Min returns one more than the lowest done value among all peers, as far
// as this peer has heard: every instance below it is forgotten here (Status
// says Forgotten). It starts at 0 and never goes down, across restarts too.
func (px *Peer) Min() int {
	// BEGIN SOLUTION
	// TODO: the lowest instance not forgotten.
	// STUB: return 0
	return px.min
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: note the done value and the Min that come with each message;
// forget instances below the new Min, in memory and in storage.

// heard records what a message from peer p said: p's done value, and p's
// Min (every peer is done below it, so this peer may forget below it too).
func (px *Peer) heard(p sim.NodeID, done, theirMin int) {
	px.done[p] = max(px.done[p], done)
	px.forget(theirMin)
}

// forget raises Min to one more than the lowest done value, or to floor if
// that is higher, and frees every instance below Min, in memory and in
// storage.
func (px *Peer) forget(floor int) {
	lowest := px.done[px.peers[0]]
	for _, p := range px.peers {
		lowest = min(lowest, px.done[p])
	}
	m := max(lowest+1, floor)
	if m <= px.min {
		return
	}
	px.min = m
	sim.Save(px.env.Storage(), keyMin, px.min)
	for _, seq := range slices.Sorted(maps.Keys(px.instances)) {
		if seq < px.min {
			delete(px.instances, seq)
			px.env.Storage().Delete(instanceKey(seq))
		}
	}
	px.max = max(px.max, px.min-1)
}

// END SOLUTION
