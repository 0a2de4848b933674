package paxos_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// TestManyUnreliable: five peers on a network that loses, duplicates and
// reorders messages; every peer starts each of instances 0-19 with its
// own value, at random times in the first 500ms. Agreement and validity
// are checked at every event; every peer decides every instance within
// 10s.
//
//lab:points 2
//lab:part B
func TestManyUnreliable(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: flaky})
		g := newPeerGroup(w, 5)
		rng := w.Rand("workload")
		const instances = 20
		for seq := range instances {
			for _, id := range g.ids {
				g.startAt(between(rng, 0, 500*time.Millisecond), id, seq, fmt.Sprintf("s%d-%s", seq, w.Name(id)))
			}
		}
		g.waitAllDecided(r, seqRange(0, instances), 10*time.Second)
	})
}

// TestSwitchingPartitions: five peers; the network splits differently
// every 50-300ms for 3s (majority and minority, or three groups with no
// majority) and loses 5% of messages, while random peers start instances
// 0-14 at random times. Agreement and validity are checked at every
// event. Once the network heals, every peer starts every instance (with
// its own value) and every peer decides every instance within 10s.
//
//lab:points 2
//lab:part B
func TestSwitchingPartitions(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond, Loss: 0.05}})
		g := newPeerGroup(w, 5)
		rng := w.Rand("faults")
		const instances = 15
		for seq := range instances {
			for range 1 + rng.IntN(3) {
				id := g.ids[rng.IntN(len(g.ids))]
				g.startAt(between(rng, 0, 2500*time.Millisecond), id, seq, fmt.Sprintf("s%d-%s", seq, w.Name(id)))
			}
		}
		for t := time.Duration(0); t < 3*time.Second; t += between(rng, 50*time.Millisecond, 300*time.Millisecond) {
			split := randomSplit(rng, g.ids)
			w.At(t, func() { w.Partition(split...) })
		}
		r.Check(w.Run(3 * time.Second))
		w.Heal()
		pokeAll(g, instances)
		g.waitAllDecided(r, seqRange(0, instances), 13*time.Second)
	})
}

// TestPeerCrashRestart: five peers start instances 0-9 at random times in
// the first second, over a network that loses 10% of messages, while
// peers crash every 10-60ms and restart 5-150ms later; the first peer to
// decide an instance is often cut off for 100ms right away, so that the
// others must find the value from the acceptors, restarted or not.
// Agreement and validity are checked at every event; once every peer is
// up and the network healed, every peer starts every instance and decides
// it within 10s.
//
//lab:points 2
//lab:part B
func TestPeerCrashRestart(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: flaky})
		g := newPeerGroup(w, 5)
		rng := w.Rand("faults")
		const instances = 10
		for seq := range instances {
			for range 1 + rng.IntN(3) {
				id := g.ids[rng.IntN(len(g.ids))]
				g.startAt(between(rng, 0, time.Second), id, seq, fmt.Sprintf("s%d-%s", seq, w.Name(id)))
			}
		}
		cutOffDeciders(w, g, rng, 1500*time.Millisecond)
		crashEvery(w, rng, g.ids, 1500*time.Millisecond, 10*time.Millisecond, 60*time.Millisecond, 5*time.Millisecond, 150*time.Millisecond)
		r.Check(w.Run(1700 * time.Millisecond))
		restartAll(w, g.ids)
		w.Heal()
		r.Check(w.RunFor(time.Millisecond))
		pokeAll(g, instances)
		g.waitAllDecided(r, seqRange(0, instances), w.Now()+10*time.Second)
	})
}

// pokeAll makes every peer start every instance below n with its own
// value, so that each learns the decided value.
func pokeAll(g *group, n int) {
	g.w.At(g.w.Now(), func() {
		for seq := range n {
			for _, id := range g.ids {
				g.start(id, seq, fmt.Sprintf("poke%d-%s", seq, g.w.Name(id)))
			}
		}
	})
}

// cutOffDeciders cuts off, until virtual time end, the first peer to
// decide each instance, two times in three, for 100ms from the moment it
// decides: its announcement of the decision is lost.
func cutOffDeciders(w *sim.World, g *group, rng *rand.Rand, end time.Duration) {
	seen := map[int]bool{}
	w.Observe(func(ev sim.Event) error {
		d, ok := ev.Msg.(paxos.InstanceDecision)
		if !ok || ev.Kind != sim.KindCustom || seen[d.Seq] || ev.Time >= end {
			return nil
		}
		seen[d.Seq] = true
		if rng.IntN(3) == 0 {
			return nil
		}
		id := ev.Node
		w.After(0, func() {
			for _, other := range g.ids {
				if other != id {
					w.Cut(id, other)
					w.Cut(other, id)
				}
			}
			w.After(100*time.Millisecond, func() {
				for _, other := range g.ids {
					if other != id {
						w.Connect(id, other)
						w.Connect(other, id)
					}
				}
			})
		})
		return nil
	})
}

// TestEvenSplitInstances: six peers split into two halves of three (at
// random), and every peer starts each of instances 0-4 with its own value,
// at random times in the first 100ms. A majority of six is four: neither
// half has one, so for 1s no instance may be decided, on either side.
// Then the network heals, and every peer decides every instance within 5s.
//
//lab:points 2
//lab:part B
func TestEvenSplitInstances(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 6)
		rng := w.Rand("faults")
		halves := slices.Clone(g.ids)
		rng.Shuffle(len(halves), func(i, j int) { halves[i], halves[j] = halves[j], halves[i] })
		left, right := halves[:3], halves[3:]
		r.Check(w.Partition(left, right))
		const instances = 5
		for seq := range instances {
			for _, id := range g.ids {
				g.startAt(between(rng, 0, 100*time.Millisecond), id, seq, fmt.Sprintf("s%d-%s", seq, w.Name(id)))
			}
		}
		r.Check(w.Run(time.Second))
		for seq := range instances {
			if d, ok := g.decided[seq]; ok {
				r.Fatalf("SAFETY broken: %s decided %q for instance %d while the network was split %s | %s: three of six peers are not a majority (a majority of 6 is 4)",
					w.Name(d.node), d.value, seq, nameList(w, left), nameList(w, right))
			}
			if d := g.deciders(seq); len(d) > 0 {
				r.Fatalf("SAFETY broken: Status(%d) says Decided on %s while the network was split %s | %s: three of six peers are not a majority (a majority of 6 is 4)",
					seq, nameList(w, d), nameList(w, left), nameList(w, right))
			}
		}
		w.Heal()
		g.waitAllDecided(r, seqRange(0, instances), w.Now()+5*time.Second)
	})
}
