package election

import (
	"fmt"
	"slices"

	"github.com/distlab/distlab/sim"
)

// Role is what a node is in its current term.
type Role uint8

// The roles of a node.
const (
	Follower  Role = iota // follows the leader of its term, if it knows one
	Candidate             // asks for votes to lead its term
	Leader                // won its term: sends heartbeats
)

// String returns "follower", "candidate" or "leader".
func (r Role) String() string {
	switch r {
	case Follower:
		return "follower"
	case Candidate:
		return "candidate"
	case Leader:
		return "leader"
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// Status is what a node believes at one moment.
type Status struct {
	Term     uint64     // its current term
	Role     Role       // its role in Term
	Leader   sim.NodeID // the leader of Term as far as it knows, or sim.NoNode
	VotedFor sim.NodeID // whom it voted for in Term, or sim.NoNode
}

// Node is one member of an election cluster: a sim.Node built by the
// factory New returns. Tests read its Status; everything else happens
// through its handlers.
type Node struct {
	cfg   Config
	peers []sim.NodeID // every member of the cluster, this node included
	env   sim.Env

	// What must survive a crash: saved to env.Storage() (see persist)
	// before any message that depends on it leaves the node.
	term     uint64     // currentTerm: the latest term this node has seen
	votedFor sim.NodeID // the candidate it voted for in term, or sim.NoNode

	// What a crash may lose.
	role   Role
	leader sim.NodeID // the leader of term, once its heartbeat arrived

	// BEGIN SOLUTION
	// TODO: add the fields you need: the election timer, the heartbeat
	// timer, and the votes a candidate has collected in its term.
	electionTimer  sim.Timer
	heartbeatTimer sim.Timer
	votes          map[sim.NodeID]bool // candidate: who granted it their vote in term
	// END SOLUTION
}

// New returns the factory of the nodes of a cluster whose members are
// peers (every node's id, each node's own included), all timed by cfg. It
// panics if cfg is not valid (see Config.Validate) or peers is empty. The
// tests call New again for every start of every node: what the factory
// captures lives for one incarnation of one node, and what must outlive a
// crash goes to Storage.
//
//	ids := []sim.NodeID{0, 1, 2}
//	f := election.New(ids, election.DefaultConfig())
//	for _, id := range ids {
//		w.MustAddNode(id.String(), f)
//	}
func New(peers []sim.NodeID, cfg Config) sim.Factory {
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	if len(peers) == 0 {
		panic("election: New with no peers")
	}
	return func() sim.Node {
		return &Node{
			cfg:      cfg,
			peers:    slices.Clone(peers),
			votedFor: sim.NoNode,
			leader:   sim.NoNode,
		}
	}
}

// Status returns the node's term, role, the leader it follows and its
// vote.
func (n *Node) Status() Status {
	return Status{Term: n.term, Role: n.role, Leader: n.leader, VotedFor: n.votedFor}
}

// Start boots the node, on its first start and after every restart (on a
// fresh Node that knows only what its Storage kept).
func (n *Node) Start(env sim.Env) {
	n.env = env
	// BEGIN SOLUTION
	// TODO: load term and votedFor from storage (see load), register the
	// handlers of VoteArgs and HeartbeatArgs (see handle), and start as a
	// follower with an election timer running.
	n.load()
	handle(n, Vote, n.handleVote)
	handle(n, Heartbeat, n.handleHeartbeat)
	n.becomeFollower(n.term, sim.NoNode)
	// END SOLUTION
}

// majority is the number of votes that wins an election in a cluster of n
// nodes: more than half of them, n/2 + 1. Two majorities always share a
// node, and a node votes once per term, so no term can have two winners.
func majority(n int) int {
	// BEGIN SOLUTION
	// TODO: the smallest number of nodes that is more than half of n.
	// STUB: return n
	return n/2 + 1
	// END SOLUTION
}
