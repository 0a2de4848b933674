package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestUnreliableNetwork: five nodes, some of which propose at random times
// in the first 200ms, over a network that loses, duplicates and reorders
// messages. Agreement and validity are checked at every event; every node
// decides within 10s.
//
//lab:points 5
//lab:part A
func TestUnreliableNetwork(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{
			Latency: time.Millisecond, Jitter: 10 * time.Millisecond, Dist: sim.Exponential,
			Loss: 0.25, Duplicate: 0.15,
		}})
		g := newDecreeGroup(w, 5)
		rng := w.Rand("workload")
		for _, id := range g.ids {
			if id == g.ids[0] || rng.IntN(2) == 0 {
				g.proposeAt(time.Duration(rng.Int64N(int64(200*time.Millisecond))), id, fmt.Sprintf("v%d", id))
			}
		}
		g.requireAllDecide(r, 10*time.Second)
	})
}

// TestPartitionedProposers: five nodes. First two of them, cut off from
// the other three, propose: without a majority they must not decide
// anything. Then the network splits differently every 50-300ms (majority
// and minority, or three groups with no majority) while every node
// proposes, with 5% loss; agreement and validity are checked at every
// event. Once the network heals, every node decides within 10s.
//
//lab:points 6
//lab:part A
func TestPartitionedProposers(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newDecreeGroup(w, 5)
		minority, majority := g.ids[:2], g.ids[2:]
		r.Check(w.Partition(minority, majority))
		for _, id := range minority {
			g.proposeAt(0, id, fmt.Sprintf("minority%d", id))
		}
		r.Check(w.Run(time.Second))
		if d := g.deciders(); len(d) > 0 {
			r.Fatalf("SAFETY broken: %s decided %q while cut off in a minority %s | %s: a decision needs a majority of 5",
				nameList(w, d), g.value, nameList(w, minority), nameList(w, majority))
		}

		rng := w.Rand("faults")
		r.Check(w.SetNet(sim.NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond, Loss: 0.05}))
		for _, id := range majority {
			g.proposeAt(w.Now()+time.Duration(rng.Int64N(int64(100*time.Millisecond))), id, fmt.Sprintf("v%d", id))
		}
		for t := w.Now(); t < 3*time.Second; t += 50*time.Millisecond + time.Duration(rng.Int64N(int64(250*time.Millisecond))) {
			split := randomSplit(rng, g.ids)
			w.At(t, func() { w.Partition(split...) })
		}
		w.At(3*time.Second, w.Heal)
		g.requireAllDecide(r, 13*time.Second)
	})
}
