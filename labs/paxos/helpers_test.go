package paxos_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/sim"
)

// Networks the tests use.
var (
	// lan is a reliable network with a little jitter.
	lan = sim.NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond}
	// flaky loses, duplicates and reorders messages.
	flaky = sim.NetConfig{Latency: time.Millisecond, Jitter: 5 * time.Millisecond, Dist: sim.Exponential, Loss: 0.1, Duplicate: 0.05}
)

// nextIDs returns the ids the next n nodes added to w will get: nodes are
// numbered in the order they are added.
func nextIDs(w *sim.World, n int) []sim.NodeID {
	first := len(w.Nodes())
	ids := make([]sim.NodeID, n)
	for i := range ids {
		ids[i] = sim.NodeID(first + i)
	}
	return ids
}

// nameList prints the names of ids, e.g. "[n0 n3]".
func nameList(w *sim.World, ids []sim.NodeID) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = w.Name(id)
	}
	return "[" + strings.Join(names, " ") + "]"
}

// randomSplit splits ids at random into groups: a majority and a minority,
// or, one time in four, three groups none of which is a majority.
func randomSplit(rng *rand.Rand, ids []sim.NodeID) [][]sim.NodeID {
	shuffled := slices.Clone(ids)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	n := len(shuffled)
	if n >= 5 && rng.IntN(4) == 0 {
		a, b := n/3, 2*n/3
		return [][]sim.NodeID{shuffled[:a], shuffled[a:b], shuffled[b:]}
	}
	cut := n/2 + 1
	return [][]sim.NodeID{shuffled[:cut], shuffled[cut:]}
}

// at prints a virtual time for failure messages.
func at(d time.Duration) string { return sim.FormatTime(d) }
