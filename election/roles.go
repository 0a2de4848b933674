package election

import (
	"time"

	"github.com/distlab/distlab/sim"
)

// becomeFollower makes the node a follower of term, led by leader
// (sim.NoNode while it does not know who leads). A term higher than the
// node's own starts with no vote, and is saved before anything else
// happens. The election timer starts again; a leader that steps down
// stops its heartbeats and emits SteppedDown.
func (n *Node) becomeFollower(term uint64, leader sim.NodeID) {
	// BEGIN SOLUTION
	// TODO: adopt a higher term (with no vote in it, saved with persist),
	// become a follower of leader, stop the heartbeats, restart the
	// election timer, and emit SteppedDown if the node was the leader.
	wasLeader := n.role == Leader
	if term > n.term {
		n.term = term
		n.votedFor = sim.NoNode
		n.persist()
	}
	n.role = Follower
	n.leader = leader
	n.heartbeatTimer.Stop()
	n.resetElectionTimer()
	if wasLeader {
		n.env.Emit(SteppedDown{Term: n.term})
	}
	// END SOLUTION
}

// becomeCandidate starts an election: the node moves to the next term,
// votes for itself, saves both, and asks every other node for its vote.
// The election timer runs again, so that an election nobody wins (a split
// vote) ends with a new one.
func (n *Node) becomeCandidate() {
	// BEGIN SOLUTION
	// TODO: next term, vote for yourself, persist, restart the election
	// timer, then send VoteArgs to every other node (see requestVote) and
	// count your own vote (see poll).
	n.role = Candidate
	n.term++
	n.votedFor = n.env.ID()
	n.leader = sim.NoNode
	n.persist()
	n.votes = map[sim.NodeID]bool{}
	n.resetElectionTimer()
	args := VoteArgs{Term: n.term, Candidate: n.env.ID()}
	for _, peer := range n.peers {
		if peer != n.env.ID() {
			n.requestVote(peer, args)
		}
	}
	n.poll(n.env.ID())
	// END SOLUTION
}

// becomeLeader makes a candidate that won its election the leader of its
// term: it emits BecameLeader, stops its election timer, and sends its
// first heartbeats at once.
func (n *Node) becomeLeader() {
	// BEGIN SOLUTION
	// TODO: become leader of the term, stop the election timer, emit
	// BecameLeader, and start the heartbeats (see broadcastHeartbeat).
	n.role = Leader
	n.leader = n.env.ID()
	n.electionTimer.Stop()
	n.env.Emit(BecameLeader{Term: n.term})
	n.broadcastHeartbeat()
	// END SOLUTION
}

// resetElectionTimer cancels the election timer and starts it again with
// a fresh random timeout: if nothing resets it before it fires, the node
// starts an election.
func (n *Node) resetElectionTimer() {
	// BEGIN SOLUTION
	// TODO: stop the old timer, start a new one (see electionTimeout).
	n.electionTimer.Stop()
	n.electionTimer = n.env.After(n.electionTimeout(), n.becomeCandidate)
	// END SOLUTION
}

// electionTimeout draws a timeout uniformly from [ElectionTimeoutMin,
// ElectionTimeoutMax) with the node's random stream (env.Rand).
func (n *Node) electionTimeout() time.Duration {
	// BEGIN SOLUTION
	// TODO: draw from n.env.Rand(), never from math/rand's global source.
	// STUB: return n.cfg.ElectionTimeoutMax
	spread := n.cfg.ElectionTimeoutMax - n.cfg.ElectionTimeoutMin
	return n.cfg.ElectionTimeoutMin + time.Duration(n.env.Rand().Int64N(int64(spread)))
	// END SOLUTION
}
