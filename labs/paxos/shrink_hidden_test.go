// Instructor-only (left out of the handout): shrinking, shown on a
// deliberately buggy node.

package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// wipe empties node id's Storage: what a node that keeps its state in
// memory only would find on a restart.
func wipe(w *sim.World, id sim.NodeID) {
	st := w.Storage(id)
	for _, k := range st.Keys("") {
		st.Delete(k)
	}
}

// TestShrinkTargetAmnesia is a deliberately buggy group that
// TestShrinkAmnesia shrinks: TestCrashRestart's five nodes, whose storage
// is lost whenever they restart, and cut links on top. It runs only as
// the shrinker's candidate run.
func TestShrinkTargetAmnesia(t *testing.T) {
	if !kit.Probing() {
		t.Skip("a deliberately buggy group: TestShrinkAmnesia runs it")
	}
	kit.Sweep(t, 1, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: 3 * time.Millisecond, Jitter: 10 * time.Millisecond, Loss: 0.1, Duplicate: 0.05}})
		g := newDecreeGroup(w, 5)
		rng := w.Rand("faults")
		for _, id := range g.ids {
			g.proposeAt(between(rng, 0, time.Second), id, fmt.Sprintf("v%d", id))
		}
		for t := 5 * time.Millisecond; t < time.Second; t += between(rng, 5*time.Millisecond, 30*time.Millisecond) {
			id, down := g.ids[rng.IntN(len(g.ids))], between(rng, 5*time.Millisecond, 100*time.Millisecond)
			from, to := g.ids[rng.IntN(len(g.ids))], g.ids[rng.IntN(len(g.ids))]
			w.At(t, func() {
				if from != to {
					w.Cut(from, to)
					w.After(down, func() { w.Connect(from, to) })
				}
				if !w.Up(id) {
					return
				}
				w.Crash(id)
				w.After(down, func() {
					if !w.Up(id) {
						wipe(w, id)
						w.Restart(id)
					}
				})
			})
		}
		r.Check(w.Run(time.Second + 100*time.Millisecond))
		restartAll(w, g.ids)
		g.requireAllDecide(r, 11*time.Second)
	})
}

// TestShrinkAmnesia shrinks a failing seed of the amnesiac group: the
// shrunk schedule has fewer faults and events, fails the same way, and
// replays to the same run.
func TestShrinkAmnesia(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary many times")
	}
	kit.CheckShrinks(t, "TestShrinkTargetAmnesia/seed=1", 1, 150)
}
