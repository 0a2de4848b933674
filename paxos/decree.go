package paxos

import "github.com/distlab/distlab/sim"

// A decree is one single-decree agreement as one node sees it: an
// acceptor, a proposer and a learner. It is the core of the lab, written
// once in Part A: a Node is one decree, and a Peer (Part B) runs one
// decree per instance. What differs between the two, how a decree's
// messages travel and where its state is stored, is the decree's link.

// link is what a decree needs from the node it runs in. A Node is the
// link of its one decree; a Peer gives each instance a link that puts the
// instance number and the done values on every message, and stores the
// instance under its own key.
type link interface {
	// prepare, accept and decide send one request of the decree to node
	// to, and call done exactly once, with the reply or an error.
	prepare(to sim.NodeID, args PrepareArgs, done func(PrepareReply, error))
	accept(to sim.NodeID, args AcceptArgs, done func(AcceptReply, error))
	decide(to sim.NodeID, args DecideArgs, done func(error))
	// save makes the decree's durable state durable, before any reply
	// that depends on it leaves.
	save(rec record)
	// learned reports the decision to the tests (the Decision or
	// InstanceDecision event), once.
	learned(v string)
	// forgotten reports whether the decree is gone (a Peer's instance
	// below Min): its proposer and learner stop.
	forgotten() bool
}

// record is the durable part of a decree: what its acceptor promised and
// accepted, and the decision once known.
type record struct {
	Acceptor acceptorState
	Decided  bool
	Value    string // the decided value
}

type decree struct {
	// BEGIN SOLUTION
	// TODO: the decree's state: its Env, the group, its link and the
	// node's ballots; the durable record (acceptor and decision); the
	// proposer's value and the round in progress.
	// STUB: link link
	env     sim.Env
	peers   []sim.NodeID
	link    link
	ballots *ballots // the node's ballots, shared by all its decrees

	rec record // durable: saved through link before any reply that depends on it

	proposal  string   // the value this node proposes
	proposing bool     // propose was called
	current   *attempt // the round in progress, or nil between rounds
	seen      uint64   // the highest round seen in a refusal
	failures  int      // rounds failed so far, for backoff
	// END SOLUTION
}

// newDecree returns the decree of a node with env in the group peers,
// which sends and stores through l, takes its ballots from b, and starts
// from the durable state rec (the zero record on a first boot).
func newDecree(env sim.Env, peers []sim.NodeID, l link, b *ballots, rec record) *decree {
	// BEGIN SOLUTION
	// TODO: a decree that remembers rec.
	// STUB: return &decree{link: l}
	return &decree{env: env, peers: peers, link: l, ballots: b, rec: rec}
	// END SOLUTION
}

// decision returns the decided value, and whether this node knows it.
func (d *decree) decision() (string, bool) {
	// BEGIN SOLUTION
	// TODO: what the learner knows.
	// STUB: return "", false
	return d.rec.Value, d.rec.Decided
	// END SOLUTION
}
