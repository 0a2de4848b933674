//go:build unix

package election_test

import (
	"flag"
	"syscall"
	"testing"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/sim"
)

// BenchmarkSearch measures the cost of a state of the election search (a
// cluster of three up to term 2, with the safety checker) against the cost
// of an event of random runs of the same cluster on the healthy network,
// timed in turns in the same loop: "events/state" is how many random-run
// events one explored state costs, in CPU time (the process's, all
// threads: the search's workers count together), which other processes
// on a busy machine do not inflate; "wall-events/state" is the same in
// wall time, where the workers run at once.
//
//	go test ./labs/election -run '^$' -bench Search -benchtime 3x [-search.workers 1]
func BenchmarkSearch(b *testing.B) {
	b.Logf("%d workers", *searchWorkers)
	ids := []sim.NodeID{0, 1, 2}
	setup := func(w *sim.World) error {
		f := nodes(ids)
		for _, id := range ids {
			w.MustAddNode(id.String(), f)
		}
		watchSafety(w, ids)
		return nil
	}
	prune := func(w *sim.World) bool {
		for _, id := range ids {
			if n, ok := w.Node(id).(*election.Node); ok && n.Status().Term > 2 {
				return true
			}
		}
		return false
	}
	for _, s := range []sim.Strategy{sim.BFS, sim.DFS, sim.RandomWalk} {
		b.Run(s.String(), func(b *testing.B) {
			xc := sim.ExploreConfig{Options: sim.Options{Seed: 1, HandlerTimeout: -1, Net: healthyNet},
				Strategy: s, MaxDepth: 40, MaxStates: 5_000, Walks: 2_000, Prune: prune, Workers: *searchWorkers}
			var states int
			var events uint64
			var exploring, running, exploringCPU, runningCPU time.Duration
			seed := int64(0)
			for b.Loop() {
				t0, c0 := time.Now(), cpuTime()
				res, err := sim.Explore(xc, setup)
				if err != nil {
					b.Fatal(err)
				}
				exploring += time.Since(t0)
				exploringCPU += cpuTime() - c0
				states += res.States
				t0, c0 = time.Now(), cpuTime()
				for n := uint64(0); n < res.Events; {
					seed++
					w, err := sim.New(sim.Options{Seed: seed, HandlerTimeout: -1, Net: healthyNet})
					if err != nil {
						b.Fatal(err)
					}
					if err := setup(w); err != nil {
						b.Fatal(err)
					}
					if err := w.Run(10 * time.Second); err != nil {
						b.Fatal(err)
					}
					n += w.Stats().Events
					events += w.Stats().Events
				}
				running += time.Since(t0)
				runningCPU += cpuTime() - c0
			}
			perState := exploringCPU.Seconds() / float64(states)
			perEvent := runningCPU.Seconds() / float64(events)
			b.ReportMetric(float64(states)/exploring.Seconds(), "states/s")
			b.ReportMetric(float64(events)/running.Seconds(), "random-events/s")
			b.ReportMetric(perState/perEvent, "events/state")
			b.ReportMetric((exploring.Seconds()/float64(states))/(running.Seconds()/float64(events)), "wall-events/state")
		})
	}
}

// cpuTime returns the CPU time the process has used, every thread's.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var searchWorkers = flag.Int("search.workers", 0, "BenchmarkSearch: the search's workers (0: every core)")
