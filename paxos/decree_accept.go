package paxos

// handlePrepare is the acceptor's answer to a prepare (phase 1a). A node
// that knows the decision says so instead, which ends the proposer's
// round at once. What it promises is saved before the reply leaves.
func (d *decree) handlePrepare(args PrepareArgs) PrepareReply {
	// BEGIN SOLUTION
	// TODO: say so if the decision is known; otherwise promise unless a
	// higher ballot was promised, and save before answering.
	// STUB: return PrepareReply{}
	if d.rec.Decided {
		return PrepareReply{Decided: true, Value: d.rec.Value}
	}
	a := &d.rec.Acceptor
	ok := a.prepare(args.Ballot)
	if ok {
		d.link.save(d.rec)
	}
	return PrepareReply{OK: ok, Promised: a.Promised, Accepted: a.Accepted, Value: a.Value}
	// END SOLUTION
}

// handleAccept is the acceptor's answer to an accept (phase 2a). What it
// accepts is saved before the reply leaves.
func (d *decree) handleAccept(args AcceptArgs) AcceptReply {
	// BEGIN SOLUTION
	// TODO: accept unless a higher ballot was promised, and save before
	// answering.
	// STUB: return AcceptReply{}
	a := &d.rec.Acceptor
	ok := a.accept(args.Ballot, args.Value)
	if ok {
		d.link.save(d.rec)
	}
	return AcceptReply{OK: ok, Promised: a.Promised}
	// END SOLUTION
}

// handleDecide is the learner's handler: another node tells the decision.
func (d *decree) handleDecide(args DecideArgs) {
	// BEGIN SOLUTION
	// TODO: learn the value.
	d.learn(args.Value)
	// END SOLUTION
}
