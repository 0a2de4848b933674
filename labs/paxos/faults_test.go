package paxos_test

import (
	"math/rand/v2"
	"time"

	"github.com/distlab/distlab/sim"
)

// crashEvery schedules crashes of random nodes of ids until virtual time
// end: one every gapMin-gapMax, each restarting downMin-downMax later.
func crashEvery(w *sim.World, rng *rand.Rand, ids []sim.NodeID, end, gapMin, gapMax, downMin, downMax time.Duration) {
	for t := w.Now() + gapMin; t < end; t += between(rng, gapMin, gapMax) {
		id := ids[rng.IntN(len(ids))]
		down := between(rng, downMin, downMax)
		w.At(t, func() {
			if !w.Up(id) {
				return
			}
			w.Crash(id)
			w.After(down, func() {
				if !w.Up(id) {
					w.Restart(id)
				}
			})
		})
	}
}

// restartAll restarts every node of ids that is down.
func restartAll(w *sim.World, ids []sim.NodeID) {
	for _, id := range ids {
		if !w.Up(id) {
			w.Restart(id)
		}
	}
}

// between returns a random duration in [lo, hi).
func between(rng *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(rng.Int64N(int64(hi-lo)))
}
