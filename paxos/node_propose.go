package paxos

// BEGIN SOLUTION
// TODO: the proposer. A round: pick a ballot higher than any seen, unique
// to this node, and save its round before using it; send a prepare to
// every peer; on promises from a majority, propose the value of the
// highest-ballot proposal they accepted (or your own if none did) to every
// peer; on acceptances from a majority, the value is decided. A round that
// cannot reach a majority (refusals, timeouts) ends, and the next one
// starts after a random backoff (see backoff).

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
func (n *Node) startRound() {
	if n.decided {
		return
	}
	n.round = max(n.round, n.seen) + 1
	save(n.env.Storage(), keyRound, n.round) // never reuse a ballot, even after a crash
	at := &attempt{ballot: Ballot{Round: n.round, Node: n.env.ID()}}
	n.current = at
	for _, p := range n.peers {
		prepareRPC.Call(n.env, p, PrepareArgs{Ballot: at.ballot}, callTimeout, func(r PrepareReply, err error) {
			n.onPromise(at, r, err)
		})
	}
}

// onPromise counts one answer to the prepare of round at.
func (n *Node) onPromise(at *attempt, r PrepareReply, err error) {
	if at != n.current || n.decided || at.promises >= majority(len(n.peers)) {
		return // an earlier round, or the accept phase already started
	}
	switch {
	case err == nil && r.Decided:
		n.learn(r.Value)
	case err == nil && r.OK:
		at.promises++
		if at.highest.Less(r.Accepted) {
			at.highest, at.value = r.Accepted, r.Value
		}
		if at.promises == majority(len(n.peers)) {
			n.sendAccepts(at)
		}
	default:
		n.refused(at, r.Promised)
	}
}

// sendAccepts runs phase 2 of round at.
func (n *Node) sendAccepts(at *attempt) {
	v := n.proposal
	if !at.highest.IsZero() {
		v = at.value // a value may have been chosen already: keep it
	}
	at.refusals = 0
	for _, p := range n.peers {
		acceptRPC.Call(n.env, p, AcceptArgs{Ballot: at.ballot, Value: v}, callTimeout, func(r AcceptReply, err error) {
			n.onAccepted(at, v, r, err)
		})
	}
}

// onAccepted counts one answer to the accept of round at, which proposed v.
func (n *Node) onAccepted(at *attempt, v string, r AcceptReply, err error) {
	if at != n.current || n.decided {
		return
	}
	if err == nil && r.OK {
		at.accepts++
		if at.accepts == majority(len(n.peers)) {
			n.learn(v)
			n.announce()
		}
		return
	}
	n.refused(at, r.Promised)
}

// refused counts a refusal or a failed call in round at, and ends the round
// once a majority can no longer answer yes.
func (n *Node) refused(at *attempt, promised Ballot) {
	n.seen = max(n.seen, promised.Round)
	at.refusals++
	if at.refusals <= len(n.peers)-majority(len(n.peers)) {
		return
	}
	n.current = nil
	n.failures++
	n.env.After(backoff(n.env.Rand(), n.failures), n.startRound)
}

// END SOLUTION
