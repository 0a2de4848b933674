package paxos_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestLearnFromAnyNode: the learning guarantee of Part A in its general
// form. Every node of a connected majority in which a node proposes
// learns the decision, whoever decided it and whichever node it hears it
// from. 3 to 7 nodes (drawn by the seed) on a reliable network; one
// proposes. The moment the first node decides, its announcement is cut
// off from a random part of the others (so only some learn it from
// there), and 20ms later the network splits: a random majority M of the
// other nodes is connected, and the decider and the rest are cut off
// alone. 30ms later one node of M that does not know the decision
// proposes a value of its own: every node of M must know the first
// decision within 2s. Then the network heals, and every node knows it
// within 2s more.
//
//lab:points 3
//lab:part A
func TestLearnFromAnyNode(t *testing.T) {
	kit.Sweep(t, 60, func(r *kit.Run) { learnFromAny(r, partA) })
}

// learnFromAny is the scenario of TestLearnFromAnyNode and
// TestLearnFromAnyPeer.
func learnFromAny(r *kit.Run, p part) {
	w := r.World(sim.Options{Net: lan})
	rng := w.Rand("scenario")
	n := 3 + rng.IntN(5)
	g := newGroup(w, p, n)
	seq := 0
	if p == partB {
		seq = rng.IntN(4)
		for other := range 4 {
			if other != seq {
				g.startAt(0, g.ids[rng.IntN(n)], other, fmt.Sprintf("other%d", other))
			}
		}
	}
	first := g.ids[rng.IntN(n)]
	g.startAt(time.Millisecond, first, seq, "first")

	var majority, heard []sim.NodeID
	decider := sim.NoNode
	w.Observe(func(ev sim.Event) error {
		if ev.Kind != sim.KindCustom || decider != sim.NoNode {
			return nil
		}
		if s, _, ok := decisionEvent(ev.Msg); !ok || s != seq {
			return nil
		}
		decider = ev.Node
		var others []sim.NodeID
		for _, id := range g.ids {
			if id != decider {
				others = append(others, id)
			}
		}
		for _, id := range others {
			if rng.IntN(2) == 0 {
				heard = append(heard, id)
			}
		}
		rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
		majority = others[:majorityOf(n)+rng.IntN(n-majorityOf(n))]
		w.After(0, func() {
			for _, id := range others {
				if !slices.Contains(heard, id) {
					r.Check(w.Cut(decider, id))
				}
			}
		})
		w.After(20*time.Millisecond, func() {
			groups := [][]sim.NodeID{majority}
			for _, id := range g.ids {
				if !slices.Contains(majority, id) {
					groups = append(groups, []sim.NodeID{id})
				}
			}
			r.Check(w.Partition(groups...))
		})
		return nil
	})
	ok, err := w.RunUntil(2*time.Second, func() bool { return decider != sim.NoNode })
	r.Check(err)
	if !ok {
		r.Fatalf("LIVENESS broken: %s proposed %s on a reliable network and nobody decided it within 2s", w.Name(first), g.what(seq))
	}
	r.Check(w.RunFor(50 * time.Millisecond))
	var unaware []sim.NodeID
	for _, id := range majority {
		if !slices.Contains(g.deciders(seq), id) {
			unaware = append(unaware, id)
		}
	}
	if len(unaware) == 0 {
		r.Logf("every node of %s learned %s from %s before the partition took effect", nameList(w, majority), g.what(seq), w.Name(decider))
		return
	}
	proposer := unaware[rng.IntN(len(unaware))]
	now := w.Now()
	g.startAt(now, proposer, seq, "second")
	why := fmt.Sprintf("within 2s of %s's proposal, connected in the majority %s (%s decided it first, and its announcement reached only %s)",
		w.Name(proposer), nameList(w, majority), w.Name(decider), nameList(w, heard))
	g.waitKnown(r, majority, []int{seq}, false, now+2*time.Second, why)
	w.Heal()
	g.waitKnown(r, g.ids, []int{seq}, false, w.Now()+2*time.Second, "within 2s of the heal")
}

// majorityOf returns the size of a majority of n nodes.
func majorityOf(n int) int { return n/2 + 1 }
