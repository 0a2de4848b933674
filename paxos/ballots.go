package paxos

import "github.com/distlab/distlab/sim"

// ballots hands out a node's ballots: each one higher than any round the
// node has seen, carrying the node's id, and never handed out twice, not
// even across a crash. A Peer's instances share one.
type ballots struct {
	// BEGIN SOLUTION
	// TODO: the node's Env and the highest round it used, which is durable;
	// the highest round refusals reported, in any instance.
	// STUB: round uint64
	env   sim.Env
	round uint64 // the highest round used, durable
	seen  uint64 // the highest round a refusal reported, in any instance
	// END SOLUTION
}

// loadBallots returns the ballots of the node of env, with the last round
// it used loaded from storage.
func loadBallots(env sim.Env) *ballots {
	// BEGIN SOLUTION
	// TODO: load the last round used.
	// STUB: return &ballots{}
	b := &ballots{env: env}
	sim.Load(env.Storage(), keyRound, &b.round)
	return b
	// END SOLUTION
}

// next returns a fresh ballot of this node, with a round above seen and
// above every round it used or that a refusal reported to it, in any of
// its instances, by a random step: not always 1, or proposers that start
// an instance together tie on the round every time, and the tie goes to
// the higher node id.
func (b *ballots) next(seen uint64) Ballot {
	// BEGIN SOLUTION
	// TODO: a round above every round used and seen, saved before use.
	// STUB: return Ballot{}
	b.seen = max(b.seen, seen)
	b.round = max(b.round, b.seen) + 1 + uint64(b.env.Rand().IntN(roundStep))
	sim.Save(b.env.Storage(), keyRound, b.round) // never reuse a ballot, even after a crash
	return Ballot{Round: b.round, Node: b.env.ID()}
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: storage keys, and what else next needs (the rounds refusals
// reported, the random step).

// keyRound is where a node keeps the highest round it used.
const keyRound = "paxos/round"

// saw records a round that a refusal reported, in any instance: the next
// ballot of every instance goes above it. A proposer that lost an
// instance to a higher round learns of it in a refusal, and the instance
// is often decided before its next round starts; without this, its next
// instance would start below the winner's again, and lose again.
func (b *ballots) saw(round uint64) {
	b.seen = max(b.seen, round)
}

// roundStep bounds the random step from the highest round used or seen
// to the next: 1 to roundStep. Proposers that start an instance at once
// (servers with clients waiting, each proposing for the next instance as
// it applies the last) have seen the same rounds; with a step of 1 they
// would tie on the round every time, a tie goes to the higher node id,
// and the proposer with the lowest id would lose every instance for as
// long as a higher one keeps proposing.
const roundStep = 4

// END SOLUTION
