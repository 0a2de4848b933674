package election_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/labs/kit"
)

// TestReElectionAfterCrash: when the leader crashes, the other nodes
// elect a new leader within 10 election timeouts; when the old leader
// restarts, it follows the new one. Three rounds per seed.
//
//lab:points 6
//lab:part B
func TestReElectionAfterCrash(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		c := newCluster(r, 5, healthyNet)
		rng := r.Rand("crashes")
		c.awaitLeader(c.ids, electionBound, "of the start, on a healthy network")
		for range 3 {
			c.runFor(randomDuration(rng, time.Second))
			old, _ := c.awaitLeader(c.ids, electionBound, "on a healthy network")
			r.Check(c.w.Crash(old))
			c.awaitLeader(c.others(old), electionBound, fmt.Sprintf("after the leader %s crashed", c.name(old)))
			r.Check(c.w.Restart(old))
			c.awaitLeader(c.ids, electionBound, fmt.Sprintf("after %s restarted", c.name(old)))
		}
	})
}

// TestOldLeaderStepsDown: when the leader is cut off from everyone, the
// others elect a new leader within 10 election timeouts. The old leader
// may go on believing it leads while it hears nothing. Then its messages
// get through again but nothing reaches it: it goes on sending the
// heartbeats of its old term, which every other node refuses, and the new
// leader crashes. The nodes left (a majority) elect another leader within
// 10 election timeouts: a heartbeat of an older term restarts no election
// timer. Once the crashed leader is back and the network heals, the old
// leader steps down (emitting SteppedDown) within one election timeout,
// and everyone follows the newest leader. Three rounds per seed.
//
//lab:points 6
//lab:part B
func TestOldLeaderStepsDown(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		c := newCluster(r, 5, healthyNet)
		rng := r.Rand("isolations")
		c.awaitLeader(c.ids, electionBound, "of the start, on a healthy network")
		for range 3 {
			c.runFor(randomDuration(rng, time.Second))
			old, oldTerm := c.awaitLeader(c.ids, electionBound, "on a healthy network")
			steps := c.safe.stepDowns[old]
			r.Check(c.w.Isolate(old))
			next, _ := c.awaitLeader(c.others(old), electionBound, fmt.Sprintf("after the leader %s was cut off", c.name(old)))
			// The old leader can send again, but hears nobody.
			c.w.Heal()
			for _, id := range c.others(old) {
				r.Check(c.w.Cut(id, old))
			}
			c.runFor(randomDuration(rng, time.Second))
			r.Check(c.w.Crash(next))
			leader, term := c.awaitLeader(c.others(old, next), electionBound,
				fmt.Sprintf("after the leader %s crashed, while %s (which hears nobody) went on sending heartbeats of its old term %d", c.name(next), c.name(old), oldTerm))
			r.Check(c.w.Restart(next))
			c.w.Heal()
			ok, err := c.w.RunUntil(c.w.Now()+stepDownBound, func() bool {
				st, up := c.status(old)
				return up && st.Role != election.Leader
			})
			r.Check(err)
			if !ok {
				r.Fatalf("%s, leader of term %d, still leads %v after the network healed, though %s leads term %d\n    nodes: %s",
					c.name(old), oldTerm, stepDownBound, c.name(leader), term, c.views())
			}
			if c.safe.stepDowns[old] == steps {
				r.Fatalf("%s stopped leading term %d without emitting election.SteppedDown", c.name(old), oldTerm)
			}
			c.awaitLeader(c.ids, electionBound, "after the network healed")
		}
	})
}
