package paxos_test

import (
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestKVNoStarvation: 3 or 5 servers, all connected, on a reliable
// network. Client c0 reaches only s0, the server with the lowest id; four
// to six other clients reach only the server with the highest id, and
// keep it busy: each starts its next operation at most 20ms after the
// last returned, for 8s. Every operation of c0 completes within 4s
// (its clerk first tries servers it cannot reach, 500ms each): a server
// whose proposals lose an instance to another server's must win one
// soon, whichever ids they have. The history must be linearizable.
//
//lab:points 2
//lab:part C
func TestKVNoStarvation(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		rng := r.Rand("sizes")
		nservers := 3 + 2*rng.IntN(2)
		nbusy := 4 + rng.IntN(3)
		const end, bound = 8 * time.Second, 4 * time.Second
		w := r.World(sim.Options{Net: lan})
		c := newKVCluster(w, nservers, 1+nbusy, []string{"a", "b", "c"}, end)
		last := c.servers[nservers-1]
		for i, cl := range c.clients {
			for _, s := range c.servers {
				if i == 0 && s != c.servers[0] || i > 0 && s != last {
					r.Check(w.Cut(cl, s))
					r.Check(w.Cut(s, cl))
				}
			}
		}
		r.Logf("%d servers; c0 reaches s0 only, %d busy clients s%d only", nservers, nbusy, nservers-1)
		starved := func() bool {
			called, busy := c.inflight[0]
			return busy && w.Now()-called > bound
		}
		stuck, err := w.RunUntil(end, starved)
		r.Check(err)
		if stuck {
			r.Fatalf("LIVENESS broken: c0's operation called at %s has waited %v at s0, while %d clients keep s%d busy (%s): a server that keeps losing instances to another's proposals never gets its client's operation in",
				at(c.inflight[0]), w.Now()-c.inflight[0], nbusy, nservers-1, c.progress())
		}
		c.finish(r, end+10*time.Second)
	})
}
