package paxos_test

import (
	"testing"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// decided reports whether some node of the group in w knows the decision
// of instance seq.
func decided(w *sim.World, seq int) bool {
	for _, id := range w.Nodes() {
		if h, ok := w.Node(id).(*host); ok {
			if fate, _ := h.status(seq); fate == paxos.Decided {
				return true
			}
		}
	}
	return false
}

// allDecided reports whether every node of w is up and knows the decision
// of every instance of seqs: nothing is left to explore but retries.
func allDecided(w *sim.World, seqs ...int) bool {
	for _, id := range w.Nodes() {
		h, ok := w.Node(id).(*host)
		if !ok {
			return false
		}
		for _, seq := range seqs {
			if fate, _ := h.status(seq); fate != paxos.Decided {
				return false
			}
		}
	}
	return true
}

// searchDecreeSetup is Part A's search: three nodes (each an acceptor),
// two of which propose at once, values "a" and "b", with the checks of
// every other test at every event (agreement, validity, a decision
// emitted once and kept across restarts, the protocol's rules on the
// wire).
func searchDecreeSetup(w *sim.World) error {
	g := newDecreeGroup(w, 3)
	g.proposeAt(0, g.ids[0], "a")
	g.proposeAt(0, g.ids[1], "b")
	return nil
}

// decreeSearch is the search of Part A: every order of the messages and
// timers of the three nodes, with one crash and one restart of any node at
// any step.
func decreeSearch(s sim.Strategy) kit.SearchTest {
	return kit.SearchTest{
		Config: sim.ExploreConfig{
			Options:   sim.Options{HandlerTimeout: -1, Net: lan},
			Strategy:  s,
			MaxDepth:  40,
			MaxStates: 20_000,
			Walks:     2_000,
			Crashes:   1,
			Restarts:  1,
			Prune:     func(w *sim.World) bool { return allDecided(w, 0) },
		},
		Setup:     searchDecreeSetup,
		Sometimes: func(w *sim.World) bool { return decided(w, 0) },
		What:      "a node decided",
	}
}

// TestSearchDecree explores, breadth-first, the schedules of Part A's
// three nodes, two proposing at once: agreement and validity, and every other check of the group,
// in every state. Some schedule must decide.
//
//lab:points 2
//lab:part A
func TestSearchDecree(t *testing.T) {
	st := decreeSearch(sim.BFS)
	// Without faults: a crash and a restart at every step make the first
	// levels too wide for BFS to reach a decision within its bound.
	st.Config.MaxStates, st.Config.Crashes, st.Config.Restarts = 10_000, 0, 0
	kit.Search(t, st)
}

// TestSearchDecreeWalks is the same search by random walks of up to 40
// steps, with one crash and one restart of any node at any step.
//
//lab:points 2
//lab:part A
func TestSearchDecreeWalks(t *testing.T) {
	st := decreeSearch(sim.RandomWalk)
	st.Config.MaxStates = 100_000
	kit.Search(t, st)
}

// forgot reports whether some peer of w has forgotten instance 0.
func forgot(w *sim.World) bool {
	for _, id := range w.Nodes() {
		if h, ok := w.Node(id).(*host); ok && h.px != nil && h.px.Min() > 0 {
			return true
		}
	}
	return false
}

// searchPeerSetup is Part B's search: three peers, two instances started
// at once on different peers (0 with "a" and "b", 1 with "c"), and every
// peer done with instance 0 from the start, so that instance 0 is
// forgotten once every peer has heard the others' done values; with the
// checks of every other test at every event (agreement and validity per
// instance, Min never goes down, a forgotten instance is never promised
// or decided again, the protocol's rules on the wire).
func searchPeerSetup(w *sim.World) error {
	g := newPeerGroup(w, 3)
	g.startAt(0, g.ids[0], 0, "a")
	g.startAt(0, g.ids[1], 0, "b")
	g.startAt(0, g.ids[2], 1, "c")
	w.At(0, func() {
		for _, id := range g.ids {
			g.done(id, 0)
		}
	})
	return nil
}

// peerSearch is the search of Part B: every order of the messages and
// timers of the three peers, with one crash and one restart.
func peerSearch(s sim.Strategy) kit.SearchTest {
	return kit.SearchTest{
		Config: sim.ExploreConfig{
			Options:   sim.Options{HandlerTimeout: -1, Net: lan},
			Strategy:  s,
			MaxDepth:  60,
			MaxStates: 20_000,
			Walks:     2_000,
			Crashes:   1,
			Restarts:  1,
		},
		Setup:     searchPeerSetup,
		Sometimes: forgot,
		What:      "a peer forgot instance 0",
	}
}

// TestSearchForgetWalks explores, by random walks of up to 60 steps,
// the schedules of Part B's three peers running two instances, one of
// which every peer is done with, with one crash and one restart at any
// step: some schedule must forget instance 0. (Breadth-first search does
// not decide an instance within a few seconds.)
//
//lab:points 2
//lab:part B
func TestSearchForgetWalks(t *testing.T) {
	st := peerSearch(sim.RandomWalk)
	st.Config.MaxStates = 40_000
	kit.Search(t, st)
}
