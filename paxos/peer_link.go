package paxos

import (
	"github.com/distlab/distlab/sim"
)

// BEGIN SOLUTION
// TODO: the link of one instance: each request of its decree goes out
// wrapped in a Peer message that names the instance and carries this
// peer's done value and Min, and every reply's are noted; the handlers
// note the sender's, pass the request to the instance's decree, and never
// answer for a forgotten instance as if it were new.

// instanceLink is the link of instance seq of a Peer.
type instanceLink struct {
	px  *Peer
	seq int
}

func (l instanceLink) prepare(to sim.NodeID, args PrepareArgs, done func(PrepareReply, error)) {
	px := l.px
	req := PeerPrepareArgs{Seq: l.seq, Prepare: args, Done: px.myDone(), Min: px.min}
	peerPrepareRPC.Call(px.env, to, req, callTimeout, func(r PeerPrepareReply, err error) {
		if err == nil {
			px.heard(to, r.Done, r.Min)
		}
		done(r.Reply, err)
	})
}

func (l instanceLink) accept(to sim.NodeID, args AcceptArgs, done func(AcceptReply, error)) {
	px := l.px
	req := PeerAcceptArgs{Seq: l.seq, Accept: args, Done: px.myDone(), Min: px.min}
	peerAcceptRPC.Call(px.env, to, req, callTimeout, func(r PeerAcceptReply, err error) {
		if err == nil {
			px.heard(to, r.Done, r.Min)
		}
		done(r.Reply, err)
	})
}

func (l instanceLink) decide(to sim.NodeID, args DecideArgs, done func(error)) {
	px := l.px
	req := PeerDecideArgs{Seq: l.seq, Decide: args, Done: px.myDone(), Min: px.min}
	peerDecideRPC.Call(px.env, to, req, callTimeout, func(r PeerDecideReply, err error) {
		if err == nil {
			px.heard(to, r.Done, r.Min)
		}
		done(err)
	})
}

func (l instanceLink) save(rec record) { sim.Save(l.px.env.Storage(), instanceKey(l.seq), rec) }

func (l instanceLink) learned(v string) { l.px.env.Emit(InstanceDecision{Seq: l.seq, Value: v}) }

func (l instanceLink) forgotten() bool { return l.seq < l.px.min }

// handlePrepare passes a prepare to instance args.Seq.
func (px *Peer) handlePrepare(from sim.NodeID, args PeerPrepareArgs, reply func(PeerPrepareReply)) {
	px.heard(from, args.Done, args.Min)
	px.max = max(px.max, args.Seq)
	r := PeerPrepareReply{Done: px.myDone()}
	if args.Seq >= px.min {
		r.Reply = px.instance(args.Seq).handlePrepare(args.Prepare)
	}
	r.Min = px.min
	reply(r)
}

// handleAccept passes an accept to instance args.Seq.
func (px *Peer) handleAccept(from sim.NodeID, args PeerAcceptArgs, reply func(PeerAcceptReply)) {
	px.heard(from, args.Done, args.Min)
	px.max = max(px.max, args.Seq)
	r := PeerAcceptReply{Done: px.myDone()}
	if args.Seq >= px.min {
		r.Reply = px.instance(args.Seq).handleAccept(args.Accept)
	}
	r.Min = px.min
	reply(r)
}

// handleDecide passes a decision to instance args.Seq.
func (px *Peer) handleDecide(from sim.NodeID, args PeerDecideArgs, reply func(PeerDecideReply)) {
	px.heard(from, args.Done, args.Min)
	px.max = max(px.max, args.Seq)
	if args.Seq >= px.min {
		px.instance(args.Seq).handleDecide(args.Decide)
	}
	reply(PeerDecideReply{Done: px.myDone(), Min: px.min})
}

// myDone returns this peer's own done value.
func (px *Peer) myDone() int { return px.done[px.env.ID()] }

// END SOLUTION
