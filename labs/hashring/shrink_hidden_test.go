// Instructor-only (left out of the handout): shrinking, shown on a
// deliberately buggy node.

package hashring_test

import (
	"strings"
	"testing"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// forgetOnRestart changes the restarts of faults so that a restarted node
// finds its Storage empty: what a server that keeps its keys in memory
// only would find.
func forgetOnRestart(faults kit.Schedule) {
	for i, f := range faults {
		if !strings.HasPrefix(f.What, "restart ") {
			continue
		}
		do := f.Do
		faults[i].Do = func(w *sim.World) error {
			if name := strings.TrimPrefix(f.What, "restart "); true {
				if id, ok := w.Lookup(name); ok && !w.Up(id) {
					st := w.Storage(id)
					for _, k := range st.Keys("") {
						st.Delete(k)
					}
				}
			}
			return do(w)
		}
	}
}

// TestShrinkTargetAmnesia is a deliberately buggy store that
// TestShrinkAmnesia shrinks: TestStoreSwarm's store and faults, whose
// servers lose their storage when they restart. It runs only as the
// shrinker's candidate run.
func TestShrinkTargetAmnesia(t *testing.T) {
	if !kit.Probing() {
		t.Skip("a deliberately buggy store: TestShrinkAmnesia runs it")
	}
	kit.Sweep(t, 1, func(r *kit.Run) {
		rng := r.Rand("swarm")
		plan, _ := drawSwarmPlan(rng)
		w := r.World(sim.Options{Swarm: true})
		s := buildStore(r, w, plan)
		var nodes []sim.NodeID
		nodes = append(nodes, w.Nodes()...)
		faults := drawStoreFaults(rng, s, nodes, swarmChaos)
		forgetOnRestart(faults)
		faults.Install(w)
		_, err := w.RunUntil(swarmChaos, func() bool { return false })
		r.Check(err)
		w.Heal()
		for _, id := range nodes {
			switch {
			case !w.Up(id):
				r.Check(w.Restart(id))
			case w.Paused(id):
				r.Check(w.Resume(id))
			}
		}
		net := w.Net()
		net.Loss = 0
		r.Check(w.SetNet(net))
		r.Check(s.run())
		s.checkWritesReadable()
		r.CheckKV(s.h)
	})
}

// TestShrinkAmnesia shrinks a failing seed of the amnesiac store: the
// shrunk schedule has fewer faults and events, fails the same way, and
// replays to the same run.
func TestShrinkAmnesia(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary many times")
	}
	kit.CheckShrinks(t, "TestShrinkTargetAmnesia/seed=1", 1, 150)
}
