package paxos

import "github.com/distlab/distlab/sim"

// learn records that the decision is v: durably, and reported once
// (link.learned).
func (d *decree) learn(v string) {
	// BEGIN SOLUTION
	// TODO: record the decision the first time, save it, report it.
	if d.rec.Decided {
		return
	}
	d.rec.Decided, d.rec.Value = true, v
	d.current = nil
	d.link.save(d.rec)
	d.link.learned(v)
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: the proposer that learns the decision tells every other node,
// retrying each until it answers (or the decree is forgotten).

// announce tells every other node the decision.
func (d *decree) announce() {
	for _, p := range d.peers {
		if p != d.env.ID() {
			d.tell(p, 0)
		}
	}
}

// tell sends the decision to peer p until p acknowledges it; failures
// counts the attempts that failed so far.
func (d *decree) tell(p sim.NodeID, failures int) {
	if d.link.forgotten() {
		return
	}
	d.link.decide(p, DecideArgs{Value: d.rec.Value}, func(err error) {
		if err != nil {
			d.env.After(backoff(d.env.Rand(), failures+1), func() { d.tell(p, failures+1) })
		}
	})
}

// END SOLUTION
