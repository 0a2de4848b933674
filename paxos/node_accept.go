package paxos

import "github.com/distlab/distlab/sim"

// BEGIN SOLUTION
// TODO: the acceptor's rpc handlers. Save the acceptor's state to storage
// before the reply leaves: a promise or an acceptance forgotten in a crash
// lets two values be decided.

// handlePrepare answers phase 1a. A node that knows the decision says so
// instead, which ends the proposer's round at once.
func (n *Node) handlePrepare(from sim.NodeID, args PrepareArgs, reply func(PrepareReply)) {
	if n.decided {
		reply(PrepareReply{Decided: true, Value: n.decision})
		return
	}
	ok := n.acc.prepare(args.Ballot)
	if ok {
		save(n.env.Storage(), keyAcceptor, n.acc)
	}
	reply(PrepareReply{OK: ok, Promised: n.acc.Promised, Accepted: n.acc.Accepted, Value: n.acc.Value})
}

// handleAccept answers phase 2a.
func (n *Node) handleAccept(from sim.NodeID, args AcceptArgs, reply func(AcceptReply)) {
	ok := n.acc.accept(args.Ballot, args.Value)
	if ok {
		save(n.env.Storage(), keyAcceptor, n.acc)
	}
	reply(AcceptReply{OK: ok, Promised: n.acc.Promised})
}

// END SOLUTION
