package paxos

// propose makes this node propose v: it runs rounds until it learns the
// decision. Calls after the first, and calls once the decision is known,
// do nothing.
func (d *decree) propose(v string) {
	// BEGIN SOLUTION
	// TODO: remember v and start the first round.
	if d.proposing || d.rec.Decided {
		return
	}
	d.proposing, d.proposal = true, v
	d.startRound()
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: the proposer. A round: take a fresh ballot (ballots.next); send a
// prepare to every peer; on promises from a majority, propose the value
// of the highest-ballot proposal they accepted (or your own if none did)
// to every peer; on acceptances from a majority, the value is decided. A
// reply that says the decision is known ends the round: learn it. Either
// way, the proposer that learns the decision tells every other node. A
// round that cannot reach a majority (refusals, timeouts) ends, and the
// next one starts after a random backoff (see backoff).

// attempt counts the replies of one round.
type attempt struct {
	ballot   Ballot
	promises int    // OK answers to the prepare
	accepts  int    // OK answers to the accept
	refusals int    // refusals and failed calls, in the current phase
	highest  Ballot // the highest ballot among the promises' accepted proposals
	value    string // the value of that proposal
}

// startRound begins a new round with a fresh ballot.
func (d *decree) startRound() {
	if d.rec.Decided || d.link.forgotten() {
		return // decided or forgotten while backing off
	}
	at := &attempt{ballot: d.ballots.next(d.seen)}
	d.current = at
	for _, p := range d.peers {
		d.link.prepare(p, PrepareArgs{Ballot: at.ballot}, func(r PrepareReply, err error) {
			d.onPromise(at, r, err)
		})
	}
}

// running reports whether round at is still the round in progress.
func (d *decree) running(at *attempt) bool {
	return d.current == at && !d.rec.Decided && !d.link.forgotten()
}

// onPromise counts one answer to the prepare of round at.
func (d *decree) onPromise(at *attempt, r PrepareReply, err error) {
	if !d.running(at) || at.promises >= majority(len(d.peers)) {
		return // an earlier round, or the accept phase already started
	}
	switch {
	case err == nil && r.Decided:
		d.learn(r.Value)
		d.announce() // this node may be the only one that heard it
	case err == nil && r.OK:
		at.promises++
		if at.highest.Less(r.Accepted) {
			at.highest, at.value = r.Accepted, r.Value
		}
		if at.promises == majority(len(d.peers)) {
			d.sendAccepts(at)
		}
	default:
		d.refused(at, r.Promised)
	}
}

// sendAccepts runs phase 2 of round at.
func (d *decree) sendAccepts(at *attempt) {
	v := d.proposal
	if !at.highest.IsZero() {
		v = at.value // a value may have been chosen already: keep it
	}
	at.refusals = 0
	for _, p := range d.peers {
		d.link.accept(p, AcceptArgs{Ballot: at.ballot, Value: v}, func(r AcceptReply, err error) {
			d.onAccepted(at, v, r, err)
		})
	}
}

// onAccepted counts one answer to the accept of round at, which proposed v.
func (d *decree) onAccepted(at *attempt, v string, r AcceptReply, err error) {
	if !d.running(at) {
		return
	}
	if err == nil && r.OK {
		at.accepts++
		if at.accepts == majority(len(d.peers)) {
			d.learn(v)
			d.announce()
		}
		return
	}
	d.refused(at, r.Promised)
}

// refused counts a refusal or a failed call in round at, and ends the round
// once a majority can no longer answer yes.
func (d *decree) refused(at *attempt, promised Ballot) {
	d.seen = max(d.seen, promised.Round)
	d.ballots.saw(d.seen) // the next instance's first round goes above it too
	at.refusals++
	if at.refusals <= len(d.peers)-majority(len(d.peers)) {
		return
	}
	d.current = nil
	d.failures++
	d.env.After(backoff(d.env.Rand(), d.failures), d.startRound)
}

// END SOLUTION
