package election_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestMessageEconomy: five nodes on a healthy network for 40 virtual
// seconds, with a follower cut off from 10s to 20s (it runs elections it
// cannot win) and the leader cut off from 25s to 35s (the others elect a
// new one). At every moment t, counting from the start (sends to nodes
// that are cut off count too):
//
//   - a node has sent at most 4 heartbeats per HeartbeatInterval, plus 4
//     for each time it became leader: 4·(t/50ms + wins);
//   - a node has sent at most 4 vote requests per ElectionTimeoutMin, plus
//     4: 4·(t/150ms + 1), since each election waits for a timeout.
//
// After the leader's return, all five agree on a leader within 10
// election timeouts.
//
//lab:points 8
//lab:part A
func TestMessageEconomy(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		c := newCluster(r, 5, healthyNet)
		stats := rpc.Observe(c.w)
		c.w.Observe(c.economy(stats))
		leader, _ := c.awaitLeader(c.ids, electionBound, "of the start, on a healthy network")

		follower := c.others(leader)[r.Rand("economy").IntN(len(c.ids)-1)]
		c.at(10*time.Second, func() { c.w.Isolate(follower) })
		c.at(20*time.Second, c.w.Heal)
		c.runFor(25*time.Second - c.w.Now())
		leader, _ = c.awaitLeader(c.ids, electionBound, "after the follower's return")
		r.Check(c.w.Isolate(leader))
		c.at(35*time.Second, c.w.Heal)
		c.runFor(35*time.Second - c.w.Now())
		c.awaitLeader(c.ids, electionBound, "after the old leader's return")
		c.runFor(40*time.Second - c.w.Now())
		for _, id := range c.ids {
			hb := stats.NodeMethod(id, heartbeatMethod).Calls
			votes := stats.NodeMethod(id, voteMethod).Calls
			r.Logf("%s: %d heartbeats, %d vote requests, %d wins", c.name(id), hb, votes, c.safe.wins[id])
		}
	})
}

var (
	heartbeatMethod = election.Heartbeat.Name()
	voteMethod      = election.Vote.Name()
)

// economy returns an observer that checks, at each heartbeat or vote
// request a node sends, that the node's count so far is within bounds.
// It must be installed after stats, which counts the send first.
func (c *cluster) economy(stats *rpc.Stats) sim.Observer {
	peers := uint64(len(c.ids) - 1)
	return func(ev sim.Event) error {
		if ev.Kind != sim.KindSend {
			return nil
		}
		req, ok := ev.Msg.(rpc.Request)
		if !ok {
			return nil
		}
		now := ev.Time
		switch req.Body.(type) {
		case election.HeartbeatArgs:
			sent := stats.NodeMethod(ev.Node, heartbeatMethod).Calls
			wins := uint64(c.safe.wins[ev.Node])
			if limit := peers * (uint64(now/cfg.HeartbeatInterval) + wins); sent > limit {
				return fmt.Errorf("%s has sent %d heartbeats by %s, more than %d: %d per %v, plus %d for each of its %d wins",
					c.name(ev.Node), sent, sim.FormatTime(now), limit, peers, cfg.HeartbeatInterval, peers, wins)
			}
		case election.VoteArgs:
			sent := stats.NodeMethod(ev.Node, voteMethod).Calls
			if limit := peers * (uint64(now/cfg.ElectionTimeoutMin) + 1); sent > limit {
				return fmt.Errorf("%s has sent %d vote requests by %s, more than %d: %d per %v (the shortest election timeout), plus %d",
					c.name(ev.Node), sent, sim.FormatTime(now), limit, peers, cfg.ElectionTimeoutMin, peers)
			}
		}
		return nil
	}
}
