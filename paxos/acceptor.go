package paxos

// acceptorState is what an acceptor knows about one agreement: the rules
// of a Node's acceptor, and of every instance of a Peer. It is durable
// (part of a decree's record).
type acceptorState struct {
	Promised Ballot // the highest ballot promised; lower ones are refused
	Accepted Ballot // the ballot of the last proposal accepted, or zero
	Value    string // the value of that proposal
}

// prepare handles phase 1a for ballot b: it promises b unless it promised
// a higher ballot already.
func (a *acceptorState) prepare(b Ballot) bool {
	// BEGIN SOLUTION
	// TODO: promise b unless a higher ballot was promised.
	// STUB: return false
	if b.Less(a.Promised) {
		return false
	}
	a.Promised = b
	return true
	// END SOLUTION
}

// accept handles phase 2a: it accepts value v with ballot b unless it
// promised a higher ballot.
func (a *acceptorState) accept(b Ballot, v string) bool {
	// BEGIN SOLUTION
	// TODO: accept (b, v) unless a higher ballot was promised.
	// STUB: return false
	if b.Less(a.Promised) {
		return false
	}
	a.Promised, a.Accepted, a.Value = b, b, v
	return true
	// END SOLUTION
}
