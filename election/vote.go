package election

import "github.com/distlab/distlab/sim"

// requestVote asks peer for its vote in the election args describes.
func (n *Node) requestVote(peer sim.NodeID, args VoteArgs) {
	// BEGIN SOLUTION
	// TODO: call peer (see call) and hand the reply to handleVoteReply.
	call(n, Vote, peer, args, func(reply VoteReply) { n.handleVoteReply(peer, args, reply) })
	// END SOLUTION
}

// handleVote answers a candidate: the node grants its vote if the
// candidate's term is the node's current term (step has caught up with a
// higher one already) and it has not voted for anybody else in that term. A
// granted vote is saved before the reply leaves, and restarts the election
// timer.
func (n *Node) handleVote(from sim.NodeID, args VoteArgs, reply func(VoteReply)) {
	// BEGIN SOLUTION
	// TODO: decide, persist a granted vote, then reply with your current
	// term.
	granted := args.Term == n.term && (n.votedFor == sim.NoNode || n.votedFor == args.Candidate)
	if granted {
		n.votedFor = args.Candidate
		n.persist()
		n.resetElectionTimer()
	}
	reply(VoteReply{Term: n.term, Granted: granted})
	// END SOLUTION
}

// handleVoteReply counts the reply of voter to the election of args,
// after step. A reply to an election the node is no longer running (it has
// moved to another term, or it has lost or won) counts for nothing.
func (n *Node) handleVoteReply(voter sim.NodeID, args VoteArgs, reply VoteReply) {
	// BEGIN SOLUTION
	// TODO: ignore stale replies and refusals; count a grant (see poll).
	if n.role != Candidate || n.term != args.Term || !reply.Granted {
		return
	}
	n.poll(voter)
	// END SOLUTION
}

// poll records voter's vote for the node in its current term, and makes
// the node leader once a majority of the cluster (see majority) voted for
// it.
func (n *Node) poll(voter sim.NodeID) {
	// BEGIN SOLUTION
	// TODO: record the vote once per voter, however often it arrives.
	n.votes[voter] = true
	if len(n.votes) >= majority(len(n.peers)) {
		n.becomeLeader()
	}
	// END SOLUTION
}
