package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestPeerCrashAtWorstMoment: TestCrashAtWorstMoment for Part B, with
// forgetting. 3 to 6 peers; each of instances 0-7 is started by 1-3
// random peers at random times in the first 500ms. Every 10-20ms, the
// application of each peer that knows the instances from its Min on
// decided may call Done on the last of them; a peer whose Min moved then
// crashes right away one time in three (Min must have been saved). Until
// 1s, peers also crash right after promises, acceptances, prepares and
// decisions, one time in four. At every event: agreement, validity, the
// wire rules, decisions known again at boot, and Min never lower after a
// restart than before. From 1s every peer is up and starts every
// instance it has not forgotten; within 10s every peer knows every
// instance (decided, or forgotten).
//
//lab:points 2
//lab:part B
func TestPeerCrashAtWorstMoment(t *testing.T) {
	kit.Sweep(t, 60, func(r *kit.Run) {
		w := r.World(sim.Options{Net: worstNet})
		rng := w.Rand("faults")
		g := newPeerGroup(w, 3+rng.IntN(4))
		g.wire.probe = true // while the crashes last
		w.At(time.Second, func() { g.wire.probe = false })
		const instances = 8
		for seq := range instances {
			for range 1 + rng.IntN(3) {
				id := g.ids[rng.IntN(len(g.ids))]
				g.startAt(between(rng, 0, 500*time.Millisecond), id, seq, fmt.Sprintf("s%d-%s", seq, w.Name(id)))
			}
		}
		crashes := crashAtWorstMoments(w, rng, g.ids, 0.25, time.Second, guarded)
		appDone(g, rng, 20*time.Millisecond, time.Second, 1.0/3)
		r.Check(w.Run(time.Second))
		restartAll(w, g.ids)
		r.Check(w.RunFor(time.Millisecond))
		pokeAll(g, instances)
		g.waitKnown(r, g.ids, seqRange(0, instances), true, w.Now()+10*time.Second, "with every peer up and poked")
		r.Logf("%d peers, %d crashes at the worst moment", len(g.ids), *crashes)
	})
}
