package paxos

import "github.com/distlab/distlab/sim"

// Node is a node of single-decree Paxos (Part A): a proposer, an acceptor
// and a learner in one. A group of Nodes agrees on one value: every Node
// that decides, decides the same value, and that value is one some Node
// was asked to propose.
//
// A Node is a sim.Node. Test code calls Propose and Decided on it between
// events (from World.At callbacks), never from an observer.
type Node struct {
	// BEGIN SOLUTION
	// TODO: the node's state: its peers and Env; the acceptor's durable
	// state; the proposer's value, ballot round and round in progress;
	// what the learner knows.
	// STUB: peers []sim.NodeID
	peers []sim.NodeID
	env   sim.Env

	acc acceptorState // the acceptor's state, durable

	round     uint64   // the highest round this node used for a ballot, durable
	seen      uint64   // the highest round seen in a refusal
	proposal  string   // the value this node proposes
	proposing bool     // Propose was called
	current   *attempt // the round in progress, or nil between rounds
	failures  int      // rounds failed so far, for backoff

	decided  bool   // the learner knows the decision, durable
	decision string // the decided value
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
// node of the group (this one included) by id.
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
	// TODO: load the acceptor's state, the last round used and the
	// decision from storage; register handlers for your methods
	// (Method.Handle).
	n.env = env
	load(env.Storage(), keyAcceptor, &n.acc)
	load(env.Storage(), keyRound, &n.round)
	n.decided = load(env.Storage(), keyDecision, &n.decision)
	prepareRPC.Handle(env, n.handlePrepare)
	acceptRPC.Handle(env, n.handleAccept)
	decideRPC.Handle(env, n.handleDecide)
	// END SOLUTION
}

// Propose asks the node to get value v decided: it runs rounds of Paxos,
// with a random backoff between failed ones, until it learns the decision
// (which may be another node's value). Calls after the first, and calls
// once the node knows the decision, do nothing. Call it after Start.
func (n *Node) Propose(v string) {
	// BEGIN SOLUTION
	// TODO: remember v and start the first round.
	if n.proposing || n.decided {
		return
	}
	n.proposing, n.proposal = true, v
	n.startRound()
	// END SOLUTION
}

// Decided returns the decided value, and whether this node knows it. A
// node that learned the decision knows it from then on, and again as soon
// as Start returns after a restart.
func (n *Node) Decided() (string, bool) {
	// BEGIN SOLUTION
	// TODO: what the learner knows.
	// STUB: return "", false
	return n.decision, n.decided
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: helpers and storage keys.

// Storage keys of a Node's durable state.
const (
	keyAcceptor = "paxos/acceptor"
	keyRound    = "paxos/round"
	keyDecision = "paxos/decision"
)

// END SOLUTION
