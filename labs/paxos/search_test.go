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
// three nodes, two proposing at once, with one crash and one restart at
// any step: agreement and validity, and every other check of the group,
// in every state. Some schedule must decide.
//
//lab:points 2
//lab:part A
func TestSearchDecree(t *testing.T) {
	kit.Search(t, decreeSearch(sim.BFS))
}

// TestSearchDecreeWalks is the same search by random walks of up to 40
// steps.
//
//lab:points 2
//lab:part A
func TestSearchDecreeWalks(t *testing.T) {
	st := decreeSearch(sim.RandomWalk)
	st.Config.MaxStates = 100_000
	kit.Search(t, st)
}
