package paxos

import "github.com/distlab/distlab/sim"

// ballots hands out a node's ballots: each one higher than any round the
// node has seen, carrying the node's id, and never handed out twice, not
// even across a crash. A Peer's instances share one.
type ballots struct {
	// BEGIN SOLUTION
	// TODO: the node's Env and the highest round it used, which is durable.
	// STUB: round uint64
	env   sim.Env
	round uint64 // the highest round used, durable
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

// next returns a fresh ballot of this node, with a round above seen.
func (b *ballots) next(seen uint64) Ballot {
	// BEGIN SOLUTION
	// TODO: a round above every round used and seen, saved before use.
	// STUB: return Ballot{}
	b.round = max(b.round, seen) + 1
	sim.Save(b.env.Storage(), keyRound, b.round) // never reuse a ballot, even after a crash
	return Ballot{Round: b.round, Node: b.env.ID()}
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: storage keys.

// keyRound is where a node keeps the highest round it used.
const keyRound = "paxos/round"

// END SOLUTION
