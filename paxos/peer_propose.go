package paxos

// BEGIN SOLUTION
// TODO: the proposer of one instance: Part A's rounds, for instance seq,
// stopping when the instance is decided or forgotten. Use one round
// counter for all instances, saved before each use.

// startRound begins a new round for instance seq.
func (px *Peer) startRound(seq int, inst *instance) {
	if px.instances[seq] != inst || inst.Decided {
		return // forgotten or decided while backing off
	}
	px.round = max(px.round, inst.seen) + 1
	save(px.env.Storage(), keyPeerRound, px.round) // never reuse a ballot
	at := &attempt{ballot: Ballot{Round: px.round, Node: px.env.ID()}}
	inst.current = at
	args := PeerPrepareArgs{Seq: seq, Ballot: at.ballot, Done: px.myDone(), Min: px.min}
	for _, p := range px.peers {
		peerPrepareRPC.Call(px.env, p, args, callTimeout, func(r PeerPrepareReply, err error) {
			if err == nil {
				px.heard(p, r.Done, r.Min)
			}
			px.onPromise(seq, inst, at, r, err)
		})
	}
}

// running reports whether round at is still the round in progress of
// instance seq.
func (px *Peer) running(seq int, inst *instance, at *attempt) bool {
	return px.instances[seq] == inst && inst.current == at && !inst.Decided
}

// onPromise counts one answer to the prepare of round at.
func (px *Peer) onPromise(seq int, inst *instance, at *attempt, r PeerPrepareReply, err error) {
	if !px.running(seq, inst, at) || at.promises >= majority(len(px.peers)) {
		return
	}
	switch {
	case err == nil && r.Decided:
		px.learn(seq, inst, r.Value)
	case err == nil && r.OK:
		at.promises++
		if at.highest.Less(r.Accepted) {
			at.highest, at.value = r.Accepted, r.Value
		}
		if at.promises == majority(len(px.peers)) {
			px.sendAccepts(seq, inst, at)
		}
	default:
		px.refused(seq, inst, at, r.Promised)
	}
}

// sendAccepts runs phase 2 of round at.
func (px *Peer) sendAccepts(seq int, inst *instance, at *attempt) {
	v := inst.proposal
	if !at.highest.IsZero() {
		v = at.value
	}
	at.refusals = 0
	args := PeerAcceptArgs{Seq: seq, Ballot: at.ballot, Value: v, Done: px.myDone(), Min: px.min}
	for _, p := range px.peers {
		peerAcceptRPC.Call(px.env, p, args, callTimeout, func(r PeerAcceptReply, err error) {
			if err == nil {
				px.heard(p, r.Done, r.Min)
			}
			px.onAccepted(seq, inst, at, v, r, err)
		})
	}
}

// onAccepted counts one answer to the accept of round at, which proposed v.
func (px *Peer) onAccepted(seq int, inst *instance, at *attempt, v string, r PeerAcceptReply, err error) {
	if !px.running(seq, inst, at) {
		return
	}
	if err == nil && r.OK {
		at.accepts++
		if at.accepts == majority(len(px.peers)) {
			px.learn(seq, inst, v)
			px.announce(seq, v)
		}
		return
	}
	px.refused(seq, inst, at, r.Promised)
}

// refused counts a refusal or a failed call in round at, and ends the
// round once a majority can no longer answer yes.
func (px *Peer) refused(seq int, inst *instance, at *attempt, promised Ballot) {
	inst.seen = max(inst.seen, promised.Round)
	at.refusals++
	if at.refusals <= len(px.peers)-majority(len(px.peers)) {
		return
	}
	inst.current = nil
	inst.failures++
	px.env.After(backoff(px.env.Rand(), inst.failures), func() { px.startRound(seq, inst) })
}

// myDone returns this peer's own done value.
func (px *Peer) myDone() int { return px.done[px.env.ID()] }

// END SOLUTION
