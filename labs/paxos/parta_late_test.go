package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// lateNet delivers in 1ms plus an exponential delay of mean 25ms: most
// answers are quick, and many come after the round that asked for them
// has ended.
var lateNet = sim.NetConfig{Latency: time.Millisecond, Jitter: 25 * time.Millisecond, Dist: sim.Exponential}

// TestLateAnswers: seven nodes all propose in the first 30ms, over a
// reliable network whose delays are long and spread out (1ms plus an
// exponential delay of mean 25ms). Rounds collide and end on refusals
// while some of their answers are still on the way, and those answers
// arrive during the proposer's next round. A proposer counts only the
// answers to its current ballot, one per acceptor: the wire check fails
// a proposer that sends accepts without promises of that ballot from a
// majority, or decides without acceptances of one ballot from a majority.
// Agreement and validity are checked at every event; every node decides
// within 10s.
//
//lab:points 2
//lab:part A
func TestLateAnswers(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lateNet})
		g := newDecreeGroup(w, 7)
		rng := w.Rand("workload")
		for _, id := range g.ids {
			g.proposeAt(time.Duration(rng.Int64N(int64(30*time.Millisecond))), id, fmt.Sprintf("v%d", id))
		}
		g.requireAllDecide(r, 10*time.Second)
	})
}
