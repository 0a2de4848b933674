package election

import "github.com/distlab/distlab/sim"

// stateKey is the key of the durable state in a node's Storage.
const stateKey = "state"

// durable is what a node saves: Raft's persistent state, without the log.
type durable struct {
	Term     uint64
	VotedFor sim.NodeID
}

// persist writes term and votedFor to the node's durable storage. Call it
// after changing either, before sending anything: a reply or a request
// that leaves before its state is saved is a promise that a crash can
// break.
func (n *Node) persist() {
	// BEGIN SOLUTION
	// TODO: store n.term and n.votedFor with sim.Save.
	sim.Save(n.env.Storage(), stateKey, durable{Term: n.term, VotedFor: n.votedFor})
	// END SOLUTION
}

// load reads term and votedFor back from durable storage; a node that
// never saved anything starts in term 0 with no vote.
func (n *Node) load() {
	// BEGIN SOLUTION
	// TODO: read back what persist stored, if anything, with sim.Load.
	d := durable{VotedFor: sim.NoNode}
	sim.Load(n.env.Storage(), stateKey, &d)
	n.term, n.votedFor = d.Term, d.VotedFor
	// END SOLUTION
}
