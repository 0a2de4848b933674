package paxos_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestMessageCount: five peers on a reliable network; one peer proposes
// instances 0-9, one at a time, and every peer calls Done on each instance
// once it knows it decided. With no competition, an agreement takes at
// most three calls per peer (prepare, accept, decided); done values ride
// on those calls. The test counts every rpc call the peers send.
//
//lab:points 1
//lab:part B
func TestMessageCount(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		stats := rpc.Observe(w)
		g := newPeerGroup(w, 5)
		const instances = 10
		for seq := range instances {
			g.startAt(w.Now(), g.ids[0], seq, fmt.Sprintf("v%d", seq))
			g.waitAllDecided(r, []int{seq}, w.Now()+time.Second)
			w.At(w.Now(), func() {
				for _, id := range g.ids {
					g.done(id, seq)
				}
			})
			r.Check(w.RunFor(time.Millisecond))
		}
		limit := uint64(instances * 3 * len(g.ids))
		if c := stats.Total(); c.Calls > limit || c.Replies > limit {
			r.Fatalf("MESSAGES: %d agreements by a lone proposer among %d peers took %d calls and %d replies; want at most %d of each (3 per peer per agreement)\n    per method: %s",
				instances, len(g.ids), c.Calls, c.Replies, limit, methodCounts(stats))
		}
	})
}

// methodCounts prints the calls of each method.
func methodCounts(s *rpc.Stats) string {
	var parts []string
	for _, m := range s.Methods() {
		parts = append(parts, fmt.Sprintf("%s: %d calls", m, s.Method(m).Calls))
	}
	return strings.Join(parts, ", ")
}
