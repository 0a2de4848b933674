package election_test

import (
	"testing"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// searchMaxTerm bounds the search: states past term 2 are not gone on from.
const searchMaxTerm = 2

// searchSetup builds a cluster of three, watched by the safety checker of
// every other test (at most one leader per term, terms never go back,
// one vote per term, leaders by a majority of grants of their term).
func searchSetup(w *sim.World) error {
	ids := []sim.NodeID{0, 1, 2}
	f := nodes(ids)
	for _, id := range ids {
		w.MustAddNode(id.String(), f)
	}
	watchSafety(w, ids)
	return nil
}

// pastTerm reports whether some node has gone past term searchMaxTerm.
func pastTerm(w *sim.World) bool {
	for _, id := range w.Nodes() {
		if n, ok := w.Node(id).(*election.Node); ok && n.Status().Term > searchMaxTerm {
			return true
		}
	}
	return false
}

// hasLeader reports whether some node leads.
func hasLeader(w *sim.World) bool {
	for _, id := range w.Nodes() {
		if n, ok := w.Node(id).(*election.Node); ok && n.Status().Role == election.Leader {
			return true
		}
	}
	return false
}

// searchTest is the search of the cluster of three: every order of its
// messages and timers, up to term 2.
func searchTest(s sim.Strategy) kit.SearchTest {
	return kit.SearchTest{
		Config: sim.ExploreConfig{
			Options:   sim.Options{HandlerTimeout: -1, Net: healthyNet},
			Strategy:  s,
			MaxDepth:  40,
			MaxStates: 20_000,
			Walks:     2_000,
			Prune:     pastTerm,
		},
		Setup:     searchSetup,
		Sometimes: hasLeader,
		What:      "a node leads",
	}
}

// TestSearchOneLeaderPerTerm explores, breadth-first, every order of the
// messages and timers of a cluster of three, up to term 2, for as many
// steps as 10,000 states take, and checks the safety rules in every state.
// Some schedule must elect a leader.
//
//lab:points 6
//lab:part B
func TestSearchOneLeaderPerTerm(t *testing.T) {
	st := searchTest(sim.BFS)
	st.Config.MaxStates = 10_000
	kit.Search(t, st)
}

// TestSearchOneLeaderPerTermWalks is the same search by random walks of
// up to 40 steps, in which any message may be late and any timer early.
//
//lab:points 4
//lab:part B
func TestSearchOneLeaderPerTermWalks(t *testing.T) {
	kit.Search(t, searchTest(sim.RandomWalk))
}

// TestSearchOneLeaderPerTermWithRestart is the same search with one crash
// and one restart of any node at any step, which a node that forgets its
// vote fails. Breadth-first search does not reach the eight steps that
// takes within a few seconds, so it runs random walks only, of 20 steps.
//
//lab:points 6
//lab:part C
func TestSearchOneLeaderPerTermWithRestart(t *testing.T) {
	st := searchTest(sim.RandomWalk)
	st.Config.Crashes, st.Config.Restarts = 1, 1
	st.Config.Walks, st.Config.MaxDepth, st.Config.MaxStates = 10_000, 20, 60_000
	kit.Search(t, st)
}
