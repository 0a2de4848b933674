package paxos

// BEGIN SOLUTION
// TODO: an acceptor's rules, shared by Node (Part A) and by every instance
// of Peer (Part B): promise a ballot unless a higher one was promised;
// accept a proposal unless a higher ballot was promised. What an acceptor
// promised and accepted is its durable state.

// acceptorState is what an acceptor knows about one agreement. It is
// durable: an acceptor saves it before any reply that depends on it leaves.
type acceptorState struct {
	Promised Ballot // the highest ballot promised; lower ones are refused
	Accepted Ballot // the ballot of the last proposal accepted, or zero
	Value    string // the value of that proposal
}

// prepare handles phase 1a for ballot b: it promises b unless it promised
// a higher ballot already.
func (a *acceptorState) prepare(b Ballot) bool {
	if b.Less(a.Promised) {
		return false
	}
	a.Promised = b
	return true
}

// accept handles phase 2a: it accepts value v with ballot b unless it
// promised a higher ballot.
func (a *acceptorState) accept(b Ballot, v string) bool {
	if b.Less(a.Promised) {
		return false
	}
	a.Promised, a.Accepted, a.Value = b, b, v
	return true
}

// END SOLUTION
