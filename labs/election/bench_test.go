package election_test

import (
	"testing"
	"time"

	"github.com/distlab/distlab/sim"
)

// The benchmarks run a cluster of five for a virtual minute on the healthy
// network, one seed per iteration, with and without the safety checker
// that every test installs, so that the ratio of the two is the checker's
// cost:
//
//	go test ./labs/election -run '^$' -bench Minute -benchtime 2s

func BenchmarkMinute(b *testing.B) { benchmarkMinute(b, false) }

func BenchmarkMinuteWatched(b *testing.B) { benchmarkMinute(b, true) }

func benchmarkMinute(b *testing.B, watched bool) {
	ids := []sim.NodeID{0, 1, 2, 3, 4}
	factory := nodes(ids)
	var events uint64
	for seed := int64(1); b.Loop(); seed++ {
		w, err := sim.New(sim.Options{Seed: seed, Net: healthyNet})
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range ids {
			w.MustAddNode(id.String(), factory)
		}
		if watched {
			watchSafety(w, ids)
		}
		if err := w.Run(time.Minute); err != nil {
			b.Fatal(err)
		}
		events += w.Stats().Events
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(events)/secs, "events/s")
	b.ReportMetric(float64(b.N)*time.Minute.Seconds()/secs, "virtual-s/s")
}
