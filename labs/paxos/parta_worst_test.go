package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// worstNet is the network of the worst-moment tests: a little loss and
// duplication.
var worstNet = sim.NetConfig{Latency: time.Millisecond, Jitter: 3 * time.Millisecond, Loss: 0.05, Duplicate: 0.05}

// TestCrashAtWorstMoment: 3 to 6 nodes (drawn by the seed: even groups
// too), each proposing its own value at a random time in the first
// 300ms. Until 1s, every time a node has just sent a promise, an
// acceptance or a prepare, or has just decided, it crashes right then one
// time in four, and restarts 1-30ms later: what it promised, accepted,
// the round of its ballot and the decision must all have been saved
// before. Checked at every event, besides agreement and validity, on the
// wire: no node promises or accepts below what it promised before, or
// forgets what it accepted, and no proposer uses a ballot of an earlier
// incarnation. At 1s every node is up, and every node decides within 10s.
//
//lab:points 3
//lab:part A
func TestCrashAtWorstMoment(t *testing.T) {
	kit.Sweep(t, 60, func(r *kit.Run) {
		w := r.World(sim.Options{Net: worstNet})
		rng := w.Rand("faults")
		g := newDecreeGroup(w, 3+rng.IntN(4))
		g.wire.probe = true // while the crashes last
		w.At(time.Second, func() { g.wire.probe = false })
		for _, id := range g.ids {
			g.proposeAt(between(rng, 0, 300*time.Millisecond), id, fmt.Sprintf("v%d", id))
		}
		crashes := crashAtWorstMoments(w, rng, g.ids, 0.25, time.Second, guarded)
		r.Check(w.Run(time.Second))
		restartAll(w, g.ids)
		g.requireAllDecide(r, w.Now()+10*time.Second)
		r.Logf("%d nodes, %d crashes at the worst moment", len(g.ids), *crashes)
	})
}
