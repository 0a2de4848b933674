package election_test

import (
	"testing"
	"time"

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
	f := election.New(ids, cfg)
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
// steps as 20,000 states take, and checks the safety rules in every state.
// Some schedule must elect a leader.
//
//lab:points 6
//lab:part B
func TestSearchOneLeaderPerTerm(t *testing.T) {
	kit.Search(t, searchTest(sim.BFS))
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

// BenchmarkSearch measures the cost of a state of TestSearchOneLeaderPerTerm's
// search against the cost of an event of random runs of the same cluster
// (the same nodes and safety checker, on the healthy network), timed in
// turns in the same loop: "events/state" is how many random-run events
// one explored state costs.
//
//	go test ./labs/election -run '^$' -bench Search -benchtime 3x
func BenchmarkSearch(b *testing.B) {
	for _, s := range []sim.Strategy{sim.BFS, sim.RandomWalk} {
		b.Run(s.String(), func(b *testing.B) {
			st := searchTest(s)
			st.Config.MaxStates = 5_000
			var states int
			var events uint64
			var exploring, running time.Duration
			seed := int64(0)
			for b.Loop() {
				t0 := time.Now()
				res, err := sim.Explore(st.Config, st.Setup)
				if err != nil {
					b.Fatal(err)
				}
				exploring += time.Since(t0)
				states += res.States
				t0 = time.Now()
				for n := uint64(0); n < res.Events; {
					seed++
					w, err := sim.New(sim.Options{Seed: seed, HandlerTimeout: -1, Net: healthyNet})
					if err != nil {
						b.Fatal(err)
					}
					if err := st.Setup(w); err != nil {
						b.Fatal(err)
					}
					if err := w.Run(10 * time.Second); err != nil {
						b.Fatal(err)
					}
					n += w.Stats().Events
					events += w.Stats().Events
				}
				running += time.Since(t0)
			}
			perState := exploring.Seconds() / float64(states)
			perEvent := running.Seconds() / float64(events)
			b.ReportMetric(float64(states)/exploring.Seconds(), "states/s")
			b.ReportMetric(1/perEvent, "random-events/s")
			b.ReportMetric(perState/perEvent, "events/state")
		})
	}
}
