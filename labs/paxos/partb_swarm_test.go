package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// swarmEnd is when a swarm's faults stop, and its liveness phase starts.
const swarmEnd = 3 * time.Second

// TestSwarmPeers: Part B under a configuration the seed draws whole, in
// the style of TigerBeetle's VOPR: 1 to 7 peers (even groups too), the
// network (sim.SwarmNet: latency, jitter, up to 30% loss, up to 10%
// duplicates), 5 to 30 instances each started by 1 to 3 random peers at
// random times, applications that call Done on what they know decided,
// and for 3s a schedule of crashes, restarts, pauses, partitions
// (majority | minority, even splits, three groups, one-way cuts, a node
// cut off alone) and heals. The run logs what it drew. At every event:
// agreement, validity, one decision per peer and instance, decisions and
// Min durable across restarts, and the wire rules (promises kept,
// acceptances remembered, ballots never reused). Then the liveness
// phase: at 3s the network heals (loss and duplicates go on), every peer
// is up and starts every instance it has not forgotten, and within 20s
// every peer knows every instance (decided, or forgotten).
//
//lab:points 3
//lab:part B
func TestSwarmPeers(t *testing.T) {
	kit.Sweep(t, 40, func(r *kit.Run) {
		w := r.World(sim.Options{Swarm: true})
		rng := w.Rand("swarm")
		g := newPeerGroup(w, 1+rng.IntN(7))
		instances := 5 + rng.IntN(26)
		for seq := range instances {
			for range 1 + rng.IntN(3) {
				id := g.ids[rng.IntN(len(g.ids))]
				g.startAt(between(rng, 0, swarmEnd), id, seq, fmt.Sprintf("s%d-%s", seq, w.Name(id)))
			}
		}
		appDone(g, rng, 50*time.Millisecond, swarmEnd+20*time.Second, 0.1)
		plan := drawFaults(w, rng, g.ids, swarmEnd)
		logPlan(r, w, plan, fmt.Sprintf("%d instances", instances))
		r.Check(w.Run(swarmEnd))
		settle(w, g.ids)
		r.Check(w.RunFor(time.Millisecond))
		pokeAll(g, instances)
		g.waitKnown(r, g.ids, seqRange(0, instances), true, w.Now()+20*time.Second, "with the network healed and every peer up and poked since "+at(swarmEnd))
	})
}
