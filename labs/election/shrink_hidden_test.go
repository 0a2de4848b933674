// Instructor-only (left out of the handout): shrinking, shown on a
// deliberately buggy node.

package election_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// amnesiac wraps a node factory so that a node it restarts has lost its
// Storage: the bug of a node that keeps its term and vote in memory only.
func amnesiac(w *sim.World, id sim.NodeID, f sim.Factory) sim.Factory {
	booted := false
	return func() sim.Node {
		if booted {
			st := w.Storage(id)
			for _, k := range st.Keys("") {
				st.Delete(k)
			}
		}
		booted = true
		return f()
	}
}

// TestShrinkTargetAmnesia is a deliberately buggy cluster that
// TestShrinkAmnesia shrinks: five nodes that forget their state on a
// restart, on a lossy network, under 20 seconds of the swarm's faults. It
// runs only as the shrinker's candidate run.
func TestShrinkTargetAmnesia(t *testing.T) {
	if !kit.Probing() {
		t.Skip("a deliberately buggy cluster: TestShrinkAmnesia runs it")
	}
	kit.Sweep(t, 1, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lossyNet})
		ids := []sim.NodeID{0, 1, 2, 3, 4}
		f := nodes(ids)
		for _, id := range ids {
			w.MustAddNode(id.String(), amnesiac(w, id, f))
		}
		watchSafety(w, ids)
		drawSchedule(r.Rand("swarm"), ids, swarmChaos).Install(w)
		r.Check(w.Run(swarmChaos))
	})
}

// TestShrinkAmnesia shrinks a failing seed of the amnesiac cluster: the
// shrunk schedule has fewer faults and events, fails the same way, and
// replays to the same run.
func TestShrinkAmnesia(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary some hundred times")
	}
	kit.CheckShrinks(t, "TestShrinkTargetAmnesia/seed=3", 3, 150)
}

// BenchmarkShrinkCandidate measures one candidate run of the shrinker (a
// new process of this test binary running one seed of the amnesiac
// cluster, as kit.ProbeSeed starts it), against the same run with the
// rules check that the test binary makes before its tests by default,
// which a candidate skips: the ratio of the two is what the check cost
// each candidate.
//
//	go test ./labs/election -run '^$' -bench ShrinkCandidate
func BenchmarkShrinkCandidate(b *testing.B) {
	const test, seed = "TestShrinkTargetAmnesia/seed=3", 3
	b.Run("probe", func(b *testing.B) {
		for b.Loop() {
			o, err := kit.ProbeSeed(test, seed, "")
			if err != nil {
				b.Fatal(err)
			}
			if !o.Failed {
				b.Fatal("the seed passed: nothing for the shrinker")
			}
		}
	})
	b.Run("probe-with-rules", func(b *testing.B) {
		probe := filepath.Join(b.TempDir(), "probe.json")
		for b.Loop() {
			os.Remove(probe)
			cmd := exec.Command(os.Args[0], "-test.run", "^TestShrinkTargetAmnesia$/^seed=3$", "-seed", "3", "-shrink.probe", probe)
			cmd.Run() // the seed fails: the outcome is in probe
			if _, err := os.Stat(probe); err != nil {
				b.Fatal("the candidate wrote no outcome")
			}
		}
	})
}
