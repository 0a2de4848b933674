package paxos

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/distlab/distlab/sim"
)

// Fate is what a Peer knows about an instance.
type Fate int

const (
	Decided   Fate = iota + 1 // the instance is decided: Status returns its value
	Pending                   // not decided yet, or not yet known to this peer
	Forgotten                 // below Min: decided, done everywhere, and forgotten
)

func (f Fate) String() string {
	switch f {
	case Decided:
		return "Decided"
	case Pending:
		return "Pending"
	case Forgotten:
		return "Forgotten"
	}
	return fmt.Sprintf("Fate(%d)", int(f))
}

// InstanceDecision is the custom event a Peer emits (sim.Env.Emit) the
// moment it learns the value of instance Seq. A peer emits it once per
// instance: one that knew the value before a crash knows it again at boot,
// from its storage, and does not emit it again.
type InstanceDecision struct {
	Seq   int
	Value string
}

// Peer is one member of a group that agrees on a sequence of instances
// (Part B): instance seq is a separate single-decree agreement (a decree
// of its own, the core of Part A), and any number of instances can be
// under way at once, in any order.
//
// A Peer is not a sim.Node: it lives inside one (a test's host node, or a
// key/value server), which makes it in Start with NewPeer. The host calls
// its methods from its own handlers, or test code does between events.
//
// Each peer tells the others, on the protocol's own messages, the highest
// instance its application declared done, and its Min; an instance below
// every peer's done value is forgotten everywhere, and its memory and
// storage freed.
type Peer struct {
	// BEGIN SOLUTION
	// TODO: the peer's state: its Env and peers; its instances (a decree
	// each) and its ballots; the highest instance seen; each peer's done
	// value and Min.
	// STUB: peers []sim.NodeID
	env     sim.Env
	peers   []sim.NodeID
	ballots *ballots // one round counter for every instance, durable

	instances map[int]*decree    // instances at or above min
	max       int                // the highest instance seen
	min       int                // instances below it are forgotten, durable
	done      map[sim.NodeID]int // the highest done value heard from each peer
	// END SOLUTION
}

// NewPeer returns the peer of the node of env, in a group of peers (which
// lists every member, this one included, by id). Call it from the host
// node's Start, on every boot: it loads the peer's durable state from
// env.Storage() and registers its rpc handlers.
func NewPeer(env sim.Env, peers []sim.NodeID) *Peer {
	// BEGIN SOLUTION
	// TODO: load what is durable (instances, the last round used, Min)
	// and register the rpc handlers.
	// STUB: return &Peer{peers: peers}
	px := &Peer{
		env:       env,
		peers:     append([]sim.NodeID(nil), peers...),
		ballots:   loadBallots(env),
		instances: map[int]*decree{},
		max:       -1,
		done:      map[sim.NodeID]int{},
	}
	for _, p := range peers {
		px.done[p] = -1
	}
	px.loadState()
	peerPrepareRPC.Handle(env, px.handlePrepare)
	peerAcceptRPC.Handle(env, px.handleAccept)
	peerDecideRPC.Handle(env, px.handleDecide)
	return px
	// END SOLUTION
}

// Start starts agreement on instance seq, proposing value v, and returns
// at once: the peer runs rounds until it learns the instance's value
// (which may be another peer's). Status tells when it did. Start on an
// instance below Min, on one this peer already knows decided, or on one it
// is already proposing for, does nothing.
func (px *Peer) Start(seq int, v string) {
	// BEGIN SOLUTION
	// TODO: the instance's decree proposes v, unless it is forgotten.
	if seq < px.min {
		return
	}
	px.max = max(px.max, seq)
	px.instance(seq).propose(v)
	// END SOLUTION
}

// Status reports what this peer knows about instance seq: Decided and its
// value, Pending, or Forgotten if seq is below Min. It only looks at local
// state and sends nothing.
func (px *Peer) Status(seq int) (Fate, string) {
	// BEGIN SOLUTION
	// TODO: Forgotten below Min; otherwise what the instance's learner knows.
	// STUB: return Pending, ""
	if seq < px.min {
		return Forgotten, ""
	}
	if d, ok := px.instances[seq]; ok {
		if v, ok := d.decision(); ok {
			return Decided, v
		}
	}
	return Pending, ""
	// END SOLUTION
}

// Max returns the highest instance this peer has seen: started here, or
// named in a message from another peer; -1 if none.
func (px *Peer) Max() int {
	// BEGIN SOLUTION
	// TODO: the highest instance seen.
	// STUB: return -1
	return px.max
	// END SOLUTION
}

// Retained returns the number of instances this peer holds in memory.
// Forgetting an instance must free it: after every peer called Done(s)
// and heard from the others, Retained counts no instance below s+1.
func (px *Peer) Retained() int {
	// BEGIN SOLUTION
	// TODO: how many instances are in memory.
	// STUB: return 0
	return len(px.instances)
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: the instances and their storage.

// Storage keys of a Peer's durable state (and keyRound, for its ballots).
const (
	keyInstancePrefix = "paxos/instance/"
	keyMin            = "paxos/min"
)

func instanceKey(seq int) string { return keyInstancePrefix + strconv.Itoa(seq) }

// instance returns the decree of instance seq (at or above Min), creating
// it if needed.
func (px *Peer) instance(seq int) *decree {
	d, ok := px.instances[seq]
	if !ok {
		d = px.newInstance(seq, record{})
	}
	return d
}

// newInstance makes the decree of instance seq, from its durable record.
func (px *Peer) newInstance(seq int, rec record) *decree {
	d := newDecree(px.env, px.peers, instanceLink{px: px, seq: seq}, px.ballots, rec)
	px.instances[seq] = d
	return d
}

// loadState loads the durable state at boot.
func (px *Peer) loadState() {
	st := px.env.Storage()
	sim.Load(st, keyMin, &px.min)
	px.max = px.min - 1
	for _, k := range st.Keys(keyInstancePrefix) { // sorted
		seq, err := strconv.Atoi(strings.TrimPrefix(k, keyInstancePrefix))
		if err != nil {
			panic(fmt.Sprintf("paxos: bad storage key %q", k))
		}
		var rec record
		sim.Load(st, k, &rec)
		px.newInstance(seq, rec)
		px.max = max(px.max, seq)
	}
}

// END SOLUTION
