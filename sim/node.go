package sim

import (
	"math/rand/v2"
	"strconv"
)

// NodeID names a node of a world: nodes are numbered from 0 in the order
// they were added.
type NodeID int32

// NoNode is the NodeID of events that belong to no node (network changes,
// world callbacks) and of the missing peer of events that have none.
const NoNode NodeID = -1

// String returns "n" followed by the number, or "-" for NoNode. A world
// prints its nodes by name instead; see World.Name.
func (id NodeID) String() string {
	if id == NoNode {
		return "-"
	}
	return "n" + strconv.Itoa(int(id))
}

// Node is the code that runs on one simulated machine. The world calls
// Start when the node boots, and again on every restart, on a fresh
// instance. Handlers (Start, timers, Receive, rpc handlers) run one at a
// time on the world's single thread and must return: a node waits for
// something by remembering it in its own fields and acting when a later
// message or timer comes, never by blocking.
//
// A node that talks only through rpc needs nothing more. A node that sends
// and receives messages of its own with Env.Send also implements Receiver.
//
// Node code must not start goroutines, read the wall clock or use global
// random sources; everything it needs from the world comes through Env.
type Node interface {
	Start(env Env)
}

// Receiver is a Node that receives messages: the world calls Receive for
// every message that arrives at the node and that no library took first
// (rpc takes its requests and replies; see Hooks).
//
// A message that arrives at a node that is not a Receiver, and that no
// library took, is delivered and then dropped, unhandled: the trace shows
// it, and Stats.Unhandled counts it. It is not an error, since a message
// can reach a node before the library that would take it is set up (a
// reply from an earlier incarnation's call, to a node that has not called
// yet), as it can on a real network.
type Receiver interface {
	Receive(env Env, from NodeID, msg any)
}

// Factory builds a fresh instance of a node: once when it is added and once
// on every restart. Only the node's Storage survives from one instance to
// the next.
type Factory func() Node

// node is the world's record of one machine, across its incarnations.
type node struct {
	id      NodeID
	name    string
	factory Factory
	inst    Node     // current instance; nil while down
	recv    Receiver // inst, if it receives messages
	env     *nodeEnv // environment of the current incarnation
	up      bool
	paused  bool
	inc     uint32 // incarnation number: 1 on first boot, +1 per restart
	store   *memStorage
	netRand *rand.PCG // the network's stream for messages this node sends
	held    []event   // events that came due while paused

	// accounting, for naming a runaway node
	events    uint64 // events caused: starts, timers fired, messages delivered
	inflight  int    // messages sent and not yet delivered or dropped
	timers    int    // timers set whose events are still queued (stopped ones too)
	instantAt int64  // virtual time of the last event counted in instantN
	instantN  int    // events caused at instantAt
	second    int64  // the second of virtual time counted in secondN
	secondN   int    // events caused in that second
}
