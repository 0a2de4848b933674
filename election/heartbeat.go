package election

import "github.com/distlab/distlab/sim"

// broadcastHeartbeat sends a heartbeat to every other node and arms the
// timer of the next round, HeartbeatInterval later, for as long as the
// node leads. A reply with a higher term makes the leader step down (in
// step).
func (n *Node) broadcastHeartbeat() {
	// BEGIN SOLUTION
	// TODO: send HeartbeatArgs to every other node (see call), and
	// schedule the next round.
	if n.role != Leader {
		return
	}
	args := HeartbeatArgs{Term: n.term, Leader: n.env.ID()}
	for _, peer := range n.peers {
		if peer == n.env.ID() {
			continue
		}
		call(n, Heartbeat, peer, args, func(HeartbeatReply) {})
	}
	n.heartbeatTimer = n.env.After(n.cfg.HeartbeatInterval, n.broadcastHeartbeat)
	// END SOLUTION
}

// handleHeartbeat answers a leader. A heartbeat of the node's current term
// (step has caught up with a higher one already) comes from the term's one
// leader:
// the node follows it, a candidate gives up its election, and the election
// timer starts again. A heartbeat of an older term is a stale leader's,
// and the reply tells it the current term.
func (n *Node) handleHeartbeat(from sim.NodeID, args HeartbeatArgs, reply func(HeartbeatReply)) {
	// BEGIN SOLUTION
	// TODO: if args.Term is your term, follow args.Leader and restart the
	// election timer; reply with your term.
	if args.Term == n.term {
		if n.role != Follower {
			n.becomeFollower(args.Term, args.Leader)
		}
		n.leader = args.Leader
		n.resetElectionTimer()
	}
	reply(HeartbeatReply{Term: n.term})
	// END SOLUTION
}
