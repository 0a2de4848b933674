package paxos

import (
	"github.com/distlab/distlab/sim"
)

// Node is a node of single-decree Paxos (Part A): one decree, a proposer,
// an acceptor and a learner in one. A group of Nodes agrees on one value:
// every Node that decides, decides the same value, and that value is one
// some Node was asked to propose.
//
// A Node is a sim.Node. Test code calls Propose and Decided on it between
// events (from World.At callbacks), never from an observer.
type Node struct {
	// BEGIN SOLUTION
	// TODO: the node's state: its peers, Env and decree.
	// STUB: peers []sim.NodeID
	peers []sim.NodeID
	env   sim.Env
	d     *decree
	// END SOLUTION
}

// Decision is the custom event a Node emits (sim.Env.Emit) the moment it
// learns the decided value. A node emits it once: one that knew the
// decision before a crash knows it again at boot, from its storage, and
// does not emit it again.
type Decision struct {
	Value string
}

// NewNode returns a node of the group made of peers, which lists every
// node of the group (this one included) by id. A Node is a sim.Node: it
// gets its Env in Start.
func NewNode(peers []sim.NodeID) *Node {
	// BEGIN SOLUTION
	// TODO: keep a copy of the peers; everything else starts in Start.
	// STUB: return &Node{peers: peers}
	return &Node{peers: append([]sim.NodeID(nil), peers...)}
	// END SOLUTION
}

// Start boots the node, on the first boot and on every restart: it loads
// the durable state from env.Storage() and registers the rpc handlers.
func (n *Node) Start(env sim.Env) {
	// BEGIN SOLUTION
	// TODO: make the decree from what storage holds (sim.Load), with the
	// node as its link; register a handler per method (Method.Handle)
	// that passes the request to the decree.
	n.env = env
	var rec record
	sim.Load(env.Storage(), keyDecree, &rec)
	n.d = newDecree(env, n.peers, n, loadBallots(env), rec)
	prepareRPC.Handle(env, func(_ sim.NodeID, args PrepareArgs, reply func(PrepareReply)) {
		reply(n.d.handlePrepare(args))
	})
	acceptRPC.Handle(env, func(_ sim.NodeID, args AcceptArgs, reply func(AcceptReply)) {
		reply(n.d.handleAccept(args))
	})
	decideRPC.Handle(env, func(_ sim.NodeID, args DecideArgs, reply func(DecideReply)) {
		n.d.handleDecide(args)
		reply(DecideReply{})
	})
	// END SOLUTION
}

// Propose asks the node to get value v decided: it runs rounds of Paxos,
// with a random backoff between failed ones, until it learns the decision
// (which may be another node's value). Calls after the first, and calls
// once the node knows the decision, do nothing. Call it after Start.
func (n *Node) Propose(v string) {
	// BEGIN SOLUTION
	// TODO: the decree proposes v.
	n.d.propose(v)
	// END SOLUTION
}

// Decided returns the decided value, and whether this node knows it. A
// node that learned the decision knows it from then on, and again as soon
// as Start returns after a restart.
func (n *Node) Decided() (string, bool) {
	// BEGIN SOLUTION
	// TODO: what the decree's learner knows.
	// STUB: return "", false
	return n.d.decision()
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: Node is its decree's link: rpc calls, storage and the Decision
// event.

// keyDecree is where a Node keeps its decree's record.
const keyDecree = "paxos/decree"

func (n *Node) prepare(to sim.NodeID, args PrepareArgs, done func(PrepareReply, error)) {
	prepareRPC.Call(n.env, to, args, callTimeout, done)
}

func (n *Node) accept(to sim.NodeID, args AcceptArgs, done func(AcceptReply, error)) {
	acceptRPC.Call(n.env, to, args, callTimeout, done)
}

func (n *Node) decide(to sim.NodeID, args DecideArgs, done func(error)) {
	decideRPC.Call(n.env, to, args, callTimeout, func(_ DecideReply, err error) { done(err) })
}

func (n *Node) save(rec record) { sim.Save(n.env.Storage(), keyDecree, rec) }

func (n *Node) learned(v string) { n.env.Emit(Decision{Value: v}) }

func (n *Node) forgotten() bool { return false }

// END SOLUTION
