package paxos_test

import (
	"fmt"
	"slices"
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
//lab:points 3
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
//lab:points 3
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
		if d := g.deciders(0); len(d) > 0 {
			r.Fatalf("SAFETY broken: %s decided %q while cut off in a minority %s | %s: a decision needs a majority of 5",
				nameList(w, d), g.value(), nameList(w, minority), nameList(w, majority))
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

// TestEvenSplit: four nodes split into two halves of two (at random), and
// every node proposes its own value in the first 50ms. A majority of four
// is three: neither half has one, so for 1s nothing may be decided, on
// either side. Then the network heals, and every node decides within 5s.
//
//lab:points 3
//lab:part A
func TestEvenSplit(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newDecreeGroup(w, 4)
		rng := w.Rand("faults")
		halves := slices.Clone(g.ids)
		rng.Shuffle(len(halves), func(i, j int) { halves[i], halves[j] = halves[j], halves[i] })
		left, right := halves[:2], halves[2:]
		r.Check(w.Partition(left, right))
		for _, id := range g.ids {
			g.proposeAt(between(rng, 0, 50*time.Millisecond), id, fmt.Sprintf("v%d", id))
		}
		r.Check(w.Run(time.Second))
		if g.anyDecided() {
			r.Fatalf("SAFETY broken: %s decided %q while the network was split %s | %s: two of four nodes are not a majority (a majority of 4 is 3)",
				w.Name(g.decider()), g.value(), nameList(w, left), nameList(w, right))
		}
		if d := g.deciders(0); len(d) > 0 {
			r.Fatalf("SAFETY broken: Decided() reports a decision on %s while the network was split %s | %s: two of four nodes are not a majority (a majority of 4 is 3)",
				nameList(w, d), nameList(w, left), nameList(w, right))
		}
		w.Heal()
		g.requireAllDecide(r, w.Now()+5*time.Second)
	})
}
