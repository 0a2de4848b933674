package election_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// swarmChaos is how long the faults of TestSwarm go on.
const swarmChaos = 20 * time.Second

// TestSwarm: the seed draws everything (the style of TigerBeetle's VOPR):
// a cluster of 1 to 7 nodes, the network (sim's swarm mode: latency,
// jitter, loss and duplication), and 20 virtual seconds of faults, one
// every 50ms to 1.5s: crashes, restarts, pauses of up to a second,
// partitions (a minority against a majority, even splits, three groups,
// a node isolated), one-way cuts, and heals. What it drew is in the
// seed's log (-v, and above every failure). Every safety rule holds at
// every event. Then the network heals (every link back) and turns healthy
// (1ms to 5ms, no losses), and every node is up: within 10 election timeouts all agree on a
// leader; one election timeout later (timers armed before the heal may
// fire once), again within 10 election timeouts, and then no node starts
// an election for 5 seconds.
//
//lab:points 6
//lab:part C
func TestSwarm(t *testing.T) {
	kit.Sweep(t, 40, func(r *kit.Run) {
		rng := r.Rand("swarm")
		size := 1 + rng.IntN(7)
		c := newClusterWith(r, size, sim.Options{Swarm: true})
		plan := drawSchedule(rng, c.ids, swarmChaos)
		r.Logf("swarm drew %d nodes, network %s, and %d faults:%s", size, c.w.Net(), len(plan), plan)
		plan.Install(c.w)
		c.runFor(swarmChaos)

		c.w.Heal()
		for _, id := range c.ids {
			switch {
			case !c.w.Up(id):
				r.Check(c.w.Restart(id))
			case c.w.Paused(id):
				r.Check(c.w.Resume(id))
			}
		}
		// Healthy, as in TestLeaderStaysLeader: with the swarm's longest
		// delays, a follower may miss a few heartbeats in a row now and then.
		r.Check(c.w.SetNet(healthyNet))
		c.awaitLeader(c.ids, electionBound, fmt.Sprintf("of the end of the faults at %s (network healed, every node up)", sim.FormatTime(swarmChaos)))
		// Timers armed before the heal may still fire once.
		c.runFor(cfg.ElectionTimeoutMax)
		leader, term := c.awaitLeader(c.ids, electionBound, "on the healed network")
		c.safe.expectQuiet(term, fmt.Sprintf("%s led term %d on a healed network", c.name(leader), term))
		c.runFor(5 * time.Second)
		c.safe.endQuiet()
	})
}
