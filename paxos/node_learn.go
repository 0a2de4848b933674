package paxos

import (
	"github.com/distlab/distlab/sim"
)

// BEGIN SOLUTION
// TODO: the learner. Record the decision durably and emit it (Decision);
// the proposer that got it decided tells every other node, retrying each
// until it answers.

// learn records the decision v.
func (n *Node) learn(v string) {
	if n.decided {
		return
	}
	n.decided, n.decision = true, v
	n.current = nil
	save(n.env.Storage(), keyDecision, v)
	n.env.Emit(Decision{Value: v})
}

// announce tells every other node the decision.
func (n *Node) announce() {
	for _, p := range n.peers {
		if p != n.env.ID() {
			n.tell(p, 0)
		}
	}
}

// tell sends the decision to peer p until p acknowledges it; failures
// counts the attempts that failed so far.
func (n *Node) tell(p sim.NodeID, failures int) {
	decideRPC.Call(n.env, p, DecideArgs{Value: n.decision}, callTimeout, func(_ DecideReply, err error) {
		if err != nil {
			n.env.After(backoff(n.env.Rand(), failures+1), func() { n.tell(p, failures+1) })
		}
	})
}

// handleDecide is the learner's handler.
func (n *Node) handleDecide(from sim.NodeID, args DecideArgs, reply func(DecideReply)) {
	n.learn(args.Value)
	reply(DecideReply{})
}

// END SOLUTION
