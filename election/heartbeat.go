package election

import "github.com/distlab/distlab/sim"

// broadcastHeartbeat sends a heartbeat to every other node and arms the
// timer of the next round, HeartbeatInterval later, for as long as the
// node leads. A reply with a higher term makes the leader step down.
func (n *Node) broadcastHeartbeat() {
	// BEGIN SOLUTION
	// TODO: call Heartbeat on every other node, step
	// down on a reply with a higher term (see maybeStepDown), and schedule
	// the next round.
	if n.role != Leader {
		return
	}
	args := HeartbeatArgs{Term: n.term, Leader: n.env.ID()}
	for _, peer := range n.peers {
		if peer == n.env.ID() {
			continue
		}
		Heartbeat.Call(n.env, peer, args, n.cfg.RPCTimeout, func(reply HeartbeatReply, err error) {
			if err == nil {
				n.maybeStepDown(reply.Term)
			}
		})
	}
	n.heartbeatTimer = n.env.After(n.cfg.HeartbeatInterval, n.broadcastHeartbeat)
	// END SOLUTION
}

// handleHeartbeat answers a leader. A heartbeat of the node's current term
// (after catching up with a higher one) comes from the term's one leader:
// the node follows it, a candidate gives up its election, and the election
// timer starts again. A heartbeat of an older term is a stale leader's,
// and the reply tells it the current term.
func (n *Node) handleHeartbeat(from sim.NodeID, args HeartbeatArgs, reply func(HeartbeatReply)) {
	// BEGIN SOLUTION
	// TODO: step down if args.Term is higher; if it is your term, follow
	// args.Leader and restart the election timer; reply with your term.
	n.maybeStepDown(args.Term)
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
