package election_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/sim"
)

// searchMaxTerm bounds the search: states past term 2 are not gone on from.
const searchMaxTerm = 2

// searchSetup builds a cluster of three and an observer that checks, after
// every event, that no term has had two leaders.
func searchSetup(w *sim.World) error {
	ids := []sim.NodeID{0, 1, 2}
	f := election.New(ids, cfg)
	for _, id := range ids {
		w.MustAddNode(id.String(), f)
	}
	leaders := map[uint64]sim.NodeID{}
	w.Observe(func(ev sim.Event) error {
		for _, id := range ids {
			n, ok := w.Node(id).(*election.Node)
			if !ok {
				continue
			}
			st := n.Status()
			if st.Role != election.Leader {
				continue
			}
			if l, ok := leaders[st.Term]; ok && l != id {
				return fmt.Errorf("two leaders in term %d: %s and %s", st.Term, w.Name(l), w.Name(id))
			}
			leaders[st.Term] = id
		}
		return nil
	})
	return nil
}

// pastTerm reports whether some node has gone past term max.
func pastTerm(w *sim.World) bool {
	for _, id := range w.Nodes() {
		if n, ok := w.Node(id).(*election.Node); ok && n.Status().Term > searchMaxTerm {
			return true
		}
	}
	return false
}

// searchConfig is the search of the cluster of three: every order of its
// messages and timers, up to term 2.
func searchConfig(s sim.Strategy) sim.ExploreConfig {
	return sim.ExploreConfig{
		Options:   sim.Options{Seed: 1, HandlerTimeout: -1, Net: healthyNet},
		Strategy:  s,
		MaxDepth:  40,
		MaxStates: 20_000,
		Walks:     2_000,
		Prune:     pastTerm,
	}
}

// TestSearchOneLeaderPerTermWithRestart is the same search with one crash
// and one restart of any node at any step, which a node that forgets its
// vote fails. Breadth-first search does not reach the eight steps that
// takes within a few seconds, so it runs random walks only, of 20 steps.
func TestSearchOneLeaderPerTermWithRestart(t *testing.T) {
	cfg := searchConfig(sim.RandomWalk)
	cfg.Crashes, cfg.Restarts = 1, 1
	cfg.Walks, cfg.MaxDepth, cfg.MaxStates = 10_000, 20, 60_000
	search(t, cfg, searchSetup)
}

// searchChoices replays one schedule of a search test, traced, instead of
// searching: the replay line of a search failure sets it.
var searchChoices = flag.String("search.choices", "", "replay this schedule of the search tests (as printed by a failure, e.g. 0.0.2.1) with its trace")

// TestSearchOneLeaderPerTerm explores the orders of the messages and
// timers of a cluster of three, up to term 2, and checks in every state
// that each term has had at most one leader: breadth-first, every
// schedule of the first few steps, then random walks of up to 40 steps
// in which any message may be late and any timer early.
func TestSearchOneLeaderPerTerm(t *testing.T) {
	for _, s := range []sim.Strategy{sim.BFS, sim.RandomWalk} {
		t.Run(s.String(), func(t *testing.T) {
			search(t, searchConfig(s), searchSetup)
		})
	}
}

// search runs a search test: it explores, and fails with the violation it
// finds, its steps and its replay line, or if no schedule elected a leader
// (safety alone would hold for nodes that do nothing); with
// -search.choices, it replays that schedule instead.
func search(t *testing.T, cfg sim.ExploreConfig, setup func(*sim.World) error) {
	if *searchChoices != "" {
		replaySearch(t, cfg, setup, *searchChoices)
		return
	}
	elected := false
	res, err := sim.Explore(cfg, func(w *sim.World) error {
		w.Observe(func(ev sim.Event) error {
			if _, ok := ev.Msg.(election.BecameLeader); ok && ev.Kind == sim.KindCustom {
				elected = true
			}
			return nil
		})
		return setup(w)
	})
	require.NoError(t, err)
	t.Log(res)
	if v := res.Violation; v != nil {
		t.Fatalf("%v\nsteps: %s\nreplay: go test ./labs/election -run '^%s$' -v -search.choices=%s",
			v.Err, strings.Join(v.Steps, ", "), t.Name(), v.Choices)
	}
	require.True(t, elected, "no schedule of the search elected a leader")
}

// replaySearch runs one schedule of a search, with its trace in the test
// log, and fails with the violation it leads to.
func replaySearch(t *testing.T, cfg sim.ExploreConfig, setup func(*sim.World) error, choices string) {
	c, err := sim.ParseChoices(choices)
	require.NoError(t, err)
	var trace strings.Builder
	cfg.Options.Trace = &trace
	_, err = sim.Replay(cfg, setup, c)
	t.Log("trace of choices=" + choices + ":\n" + trace.String())
	require.NoError(t, err)
}
