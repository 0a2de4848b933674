package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestSwarmKV: Part C under a configuration the seed draws whole: 1 to 7
// servers (even groups too), 1 to 5 clients on 1 to 4 keys, the network
// (sim.SwarmNet), and for 3s a schedule of server crashes, restarts,
// pauses, partitions and heals (as in TestSwarmPeers; clients reach every
// server that is up). The run logs what it drew. At every event: the
// servers' Paxos agreement, and no write applied twice; at the end, the
// history must be linearizable. Then the liveness phase: at 3s the
// network heals (loss and duplicates go on) and every server is up, and
// within 30s every operation in flight and the final reads complete.
//
//lab:points 5
//lab:part C
func TestSwarmKV(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		w := r.World(sim.Options{Swarm: true})
		rng := w.Rand("swarm")
		keys := []string{"a", "b", "c", "d"}[:1+rng.IntN(4)]
		c := newKVCluster(w, 1+rng.IntN(7), 1+rng.IntN(5), keys, swarmEnd)
		plan := drawFaults(w, rng, c.servers, swarmEnd)
		logPlan(r, w, plan, fmt.Sprintf("%d clients on keys %v", len(c.clients), keys))
		w.At(swarmEnd, func() { settle(w, c.servers) })
		c.finish(r, swarmEnd+30*time.Second)
	})
}
