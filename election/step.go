package election

import (
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// termed is a message that carries its sender's term: every request and
// every reply of the protocol.
type termed interface{ term() uint64 }

func (a VoteArgs) term() uint64       { return a.Term }
func (r VoteReply) term() uint64      { return r.Term }
func (a HeartbeatArgs) term() uint64  { return a.Term }
func (r HeartbeatReply) term() uint64 { return r.Term }

// handle registers h as the node's handler of method m (call it in
// Start). Every request goes through step before h sees it.
func handle[A termed, R any](n *Node, m rpc.Method[A, R], h func(from sim.NodeID, args A, reply func(R))) {
	m.Handle(n.env, func(from sim.NodeID, args A, reply func(R)) {
		n.step(args.term())
		h(from, args, reply)
	})
}

// call calls method m on peer with args, and hands the reply to h after
// it went through step. A call that gets no reply within cfg.RPCTimeout (lost, slow, the
// peer down or cut off) ends there: a vote not granted, a heartbeat that
// did not arrive.
func call[A any, R termed](n *Node, m rpc.Method[A, R], peer sim.NodeID, args A, h func(reply R)) {
	m.Call(n.env, peer, args, n.cfg.RPCTimeout, func(reply R, err error) {
		if err != nil {
			return
		}
		n.step(reply.term())
		h(reply)
	})
}

// step is where every message that carries a term comes in, request or
// reply (see handle and call), as at the top of etcd/raft's Step. A term
// higher than the node's own means the node has fallen behind: whatever
// its role, it becomes a follower of that term, whose leader it does not
// know yet. The message's own handler runs after step, and sees the node
// in a term at least as high as the message's.
func (n *Node) step(term uint64) {
	// BEGIN SOLUTION
	// TODO: compare term with the node's own (see becomeFollower).
	if term > n.term {
		n.becomeFollower(term, sim.NoNode)
	}
	// END SOLUTION
}
