package paxos

import (
	"github.com/distlab/distlab/sim"
)

// BEGIN SOLUTION
// TODO: the learner of each instance. Record a decision durably and emit
// it (InstanceDecision); the proposer that got it decided tells every
// other peer, retrying each until it answers or the instance is forgotten.

// learn records that instance seq decided v.
func (px *Peer) learn(seq int, inst *instance, v string) {
	if inst.Decided {
		return
	}
	inst.Decided, inst.Value = true, v
	inst.current = nil
	px.saveInstance(seq, inst)
	px.env.Emit(InstanceDecision{Seq: seq, Value: v})
}

// announce tells every other peer that instance seq decided v.
func (px *Peer) announce(seq int, v string) {
	for _, p := range px.peers {
		if p != px.env.ID() {
			px.tell(seq, v, p, 0)
		}
	}
}

// tell sends the decision of instance seq to peer p until p acknowledges
// it, or the instance is forgotten; failures counts the attempts that
// failed so far.
func (px *Peer) tell(seq int, v string, p sim.NodeID, failures int) {
	if seq < px.min {
		return
	}
	args := PeerDecideArgs{Seq: seq, Value: v, Done: px.myDone(), Min: px.min}
	peerDecideRPC.Call(px.env, p, args, callTimeout, func(r PeerDecideReply, err error) {
		if err == nil {
			px.heard(p, r.Done, r.Min)
			return
		}
		px.env.After(backoff(px.env.Rand(), failures+1), func() { px.tell(seq, v, p, failures+1) })
	})
}

// handleDecide is the learner's handler.
func (px *Peer) handleDecide(from sim.NodeID, args PeerDecideArgs, reply func(PeerDecideReply)) {
	px.heard(from, args.Done, args.Min)
	px.max = max(px.max, args.Seq)
	if args.Seq >= px.min {
		px.learn(args.Seq, px.instance(args.Seq), args.Value)
	}
	reply(PeerDecideReply{Done: px.myDone(), Min: px.min})
}

// END SOLUTION
