package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestQuietOnceDecided: once every node knows the decision, the work is
// done and the nodes fall silent. 3 to 5 nodes (drawn), two of which
// propose at once, on the reliable network or on the flaky one (drawn:
// 10% loss, 5% duplicates). When every node has decided, messages in
// flight may still arrive and get their replies, and a node may tell
// again a peer whose acknowledgement was lost; but within 5s the nodes
// must fall silent, and send nothing for the 10s after that. A proposer
// stops once it knows the decision, and a node stops telling a peer once
// the peer has answered.
//
//lab:points 2
//lab:part A
func TestQuietOnceDecided(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		rng := r.Rand("quiet")
		net, netName := lan, "reliable"
		if rng.IntN(2) == 0 {
			net, netName = flaky, "flaky"
		}
		w := r.World(sim.Options{Net: net})
		g := newDecreeGroup(w, 3+rng.IntN(3))
		g.proposeAt(0, g.ids[0], "a")
		g.proposeAt(0, g.ids[1], "b")
		g.requireAllDecide(r, 10*time.Second)
		decided := w.Now()
		quiet := decided + 5*time.Second
		r.Logf("%d nodes, %s network: all decided at %s", len(g.ids), netName, sim.FormatTime(decided))
		w.Observe(func(ev sim.Event) error {
			if ev.Kind != sim.KindSend || ev.Time < quiet {
				return nil
			}
			return fmt.Errorf("%s sent %s to %s at %s, but every node knew the decision at %s: 5s later the nodes must be silent (does a proposer stop once it knows the decision, and a node stop telling a peer once it answered?)",
				w.Name(ev.Node), msgKind(ev.Msg), w.Name(ev.Peer), sim.FormatTime(ev.Time), sim.FormatTime(decided))
		})
		r.Check(w.RunFor(15 * time.Second))
	})
}

// msgKind names a message by its type: the body's, for rpc's envelopes.
func msgKind(msg any) string {
	switch m := msg.(type) {
	case rpc.Request:
		return fmt.Sprintf("a %T request", m.Body)
	case rpc.Response:
		return fmt.Sprintf("a %T reply", m.Body)
	}
	return fmt.Sprintf("a %T", msg)
}
