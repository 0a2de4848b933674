package paxos

import "github.com/distlab/distlab/sim"

// BEGIN SOLUTION
// TODO: the acceptor's rpc handlers, for any instance. Note the sender's
// done value, reply with yours, and save an instance's state before the
// reply leaves. Never answer for a forgotten instance as if it were new.

// handlePrepare answers phase 1a of instance args.Seq.
func (px *Peer) handlePrepare(from sim.NodeID, args PeerPrepareArgs, reply func(PeerPrepareReply)) {
	px.heard(from, args.Done, args.Min)
	px.max = max(px.max, args.Seq)
	if args.Seq < px.min {
		reply(PeerPrepareReply{Done: px.myDone(), Min: px.min}) // forgotten: refuse
		return
	}
	inst := px.instance(args.Seq)
	if inst.Decided {
		reply(PeerPrepareReply{Decided: true, Value: inst.Value, Done: px.myDone(), Min: px.min})
		return
	}
	ok := inst.Acceptor.prepare(args.Ballot)
	if ok {
		px.saveInstance(args.Seq, inst)
	}
	a := inst.Acceptor
	reply(PeerPrepareReply{OK: ok, Promised: a.Promised, Accepted: a.Accepted, Value: a.Value, Done: px.myDone(), Min: px.min})
}

// handleAccept answers phase 2a of instance args.Seq.
func (px *Peer) handleAccept(from sim.NodeID, args PeerAcceptArgs, reply func(PeerAcceptReply)) {
	px.heard(from, args.Done, args.Min)
	px.max = max(px.max, args.Seq)
	if args.Seq < px.min {
		reply(PeerAcceptReply{Done: px.myDone(), Min: px.min})
		return
	}
	inst := px.instance(args.Seq)
	ok := inst.Acceptor.accept(args.Ballot, args.Value)
	if ok {
		px.saveInstance(args.Seq, inst)
	}
	reply(PeerAcceptReply{OK: ok, Promised: inst.Acceptor.Promised, Done: px.myDone(), Min: px.min})
}

// END SOLUTION
