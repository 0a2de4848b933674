package paxos

import (
	"fmt"

	"github.com/distlab/distlab/sim"
)

// Ballot numbers a proposal. Ballots are totally ordered, by Round first
// and then by Node, so two proposers never use the same ballot: each
// proposer puts its own node id in every ballot it makes.
//
// The zero Ballot is lower than every ballot a proposer makes (rounds start
// at 1): an acceptor that has promised or accepted nothing holds it.
type Ballot struct {
	Round uint64     // the proposer's round, from 1
	Node  sim.NodeID // the proposer
}

// Less reports whether b is lower than c.
func (b Ballot) Less(c Ballot) bool {
	// BEGIN SOLUTION
	// TODO: order ballots by Round, then by Node.
	// STUB: return false
	if b.Round != c.Round {
		return b.Round < c.Round
	}
	return b.Node < c.Node
	// END SOLUTION
}

// IsZero reports whether b is the zero Ballot.
func (b Ballot) IsZero() bool { return b == Ballot{} }

// String prints b as "round.node", e.g. "3.n1" for round 3 of node 1 (the
// node as sim.NodeID prints it: n and its id, whatever the node's name),
// and the zero Ballot as "none".
func (b Ballot) String() string {
	if b.IsZero() {
		return "none"
	}
	return fmt.Sprintf("%d.%v", b.Round, b.Node)
}
