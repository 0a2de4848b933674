package hashring_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// lossyNet is the network of the join-and-leave tests: 1 to 5ms per
// message (so messages overtake each other), 10% lost, 2% duplicated.
var lossyNet = sim.NetConfig{Latency: time.Millisecond, Jitter: 4 * time.Millisecond, Loss: 0.10, Duplicate: 0.02}

// joinLeavePlan is the scenario of the join-and-leave tests. Four of the
// servers s1..s6 start; then, once a second from 3s to 12s, one server
// joins or leaves, chosen by the seed (at least three members, at most
// six). A server that leaves for good is crashed once every member of the
// configuration without it is ready; one that comes back later stays up,
// and rejoins with the stale copies of the keys it had.
func joinLeavePlan(r *kit.Run) storePlan {
	rng := r.Rand("schedule")
	servers := []int{1, 2, 3, 4, 5, 6}
	rng.Shuffle(len(servers), func(i, j int) { servers[i], servers[j] = servers[j], servers[i] })
	members := slices.Clone(servers[:4])
	plan := storePlan{
		servers:  6,
		steps:    [][]int{slices.Clone(members)},
		at:       []time.Duration{0},
		crash:    true,
		net:      lossyNet,
		clients:  4,
		preload:  600,
		hot:      8,
		work:     13 * time.Second,
		final:    13500 * time.Millisecond,
		deadline: 25 * time.Second,
	}
	plan.drawSteps(rng, servers, members, 10, 3*time.Second)
	return plan
}

// drawSteps appends to plan n configurations, one a second from first:
// each is the last with one server of servers joining or leaving, chosen
// by rng, keeping at least three members and at most all of servers.
func (plan *storePlan) drawSteps(rng *rand.Rand, servers, members []int, n int, first time.Duration) {
	members = slices.Clone(members)
	for i := range n {
		if len(members) == 3 || (len(members) < len(servers) && rng.IntN(2) == 0) {
			var out []int
			for _, s := range servers {
				if !slices.Contains(members, s) {
					out = append(out, s)
				}
			}
			members = append(members, out[rng.IntN(len(out))])
		} else {
			k := rng.IntN(len(members))
			members = slices.Delete(members, k, k+1)
		}
		plan.steps = append(plan.steps, slices.Clone(members))
		plan.at = append(plan.at, first+time.Duration(i)*time.Second)
	}
}

// TestStoreBasic: three servers, one configuration, a network that loses
// nothing: clients' Puts, Appends and Gets work, and each reads its own
// writes.
//
//lab:points 8
func TestStoreBasic(t *testing.T) {
	kit.Sweep(t, 5, func(r *kit.Run) {
		s := runStore(r, storePlan{
			servers:  3,
			steps:    [][]int{{1, 2, 3}},
			at:       []time.Duration{0},
			net:      sim.NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond},
			clients:  2,
			preload:  40,
			hot:      3,
			work:     time.Second,
			final:    time.Second,
			deadline: 5 * time.Second,
		})
		s.checkLive()
		s.checkWritesReadable()
		r.CheckKV(s.h)
		r.Logf("%d operations", len(s.ops))
	})
}

// TestStoreJoinLeave: servers join and leave (joinLeavePlan) while four
// clients keep working over a network that loses, delays, reorders and
// duplicates messages. Every client finishes its workload; every
// acknowledged write is still there at the end; and the history of
// operations is linearizable, key by key. As in every store test, the
// harness checks each OpReply as it is sent: a server accepts an
// operation only for a key it owns and has, and refuses one only with
// the right Err (checkRefusal); and it counts each server's Queries to
// the controller: about one per PollInterval (pollBound), however many
// configurations the server moves through.
//
//lab:points 9
func TestStoreJoinLeave(t *testing.T) {
	kit.Sweep(t, 12, func(r *kit.Run) {
		s := runStore(r, joinLeavePlan(r))
		s.checkWritesReadable()
		r.CheckKV(s.h)
		s.checkLive()
		r.Logf("%d operations; %s; %s", len(s.ops), s.readiness(), s.pollSummary())
	})
}

// TestStoreHandoff: in the same scenario, servers hand over exactly the
// keys that move. A FetchReply carries only keys that move from the
// sender to the caller (checked as it is sent); every key acknowledged
// before a configuration change reaches its new owner from its old one,
// the leavers' keys included; and on each join the newcomer receives a
// fraction of the stored keys near 1/n, for n members.
//
// The newcomer's share of the ring (100 virtual nodes per server) is
// between 0.89 and 1.15 times 1/n for every join the scenario can make,
// and about 600 stored keys add a relative standard deviation of 8%: the
// bounds 0.5/n and 2/n are more than five standard deviations away.
//
//lab:points 7
func TestStoreHandoff(t *testing.T) {
	kit.Sweep(t, 6, func(r *kit.Run) {
		s := runStore(r, joinLeavePlan(r))
		s.checkLive()
		for num := 2; num < len(s.configs); num++ {
			s.checkHandoffs(num)
		}
	})
}

// checkHandoffs checks configuration change num: every key written and
// acknowledged before it was installed, and owned by someone else in num
// than in num-1, went from the old owner to the new one; on a join, the
// fraction of stored keys the newcomer received is near 1/n.
func (s *storeRun) checkHandoffs(num int) {
	s.r.T().Helper()
	installed := s.plan.at[num-1]
	stored := map[string]bool{}
	for _, op := range s.ops {
		if op.input.Op != kit.Get && op.ret >= 0 && op.ret < installed {
			stored[op.input.Key] = true
		}
	}
	keys := make([]string, 0, len(stored))
	for k := range stored {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	prev, next := s.configs[num-1], s.configs[num]
	var joiner string
	for _, m := range next.Members {
		if _, ok := prev.ID(m.Name); !ok {
			joiner = m.Name
		}
	}
	toJoiner := 0
	for _, key := range keys {
		was, _ := s.rings[num-1].Owner(key)
		now, _ := s.rings[num].Owner(key)
		if was == now {
			continue
		}
		if now == joiner {
			toJoiner++
		}
		h, ok := s.handed[num][key]
		wasID, _ := prev.ID(was)
		nowID, _ := next.ID(now)
		if !ok || h.from != wasID || h.to != nowID {
			s.r.Fatalf("HANDOFF missing: key %q, acknowledged before configuration %d was installed at %s, moved from %s to %s, but %s never sent it to %s in a FetchReply for configuration %d",
				key, num, sim.FormatTime(installed), was, now, was, now, num)
		}
	}
	if joiner == "" {
		return
	}
	n := len(next.Members)
	frac := float64(toJoiner) / float64(len(keys))
	ideal := 1 / float64(n)
	s.r.Logf("configuration %d: %s joined, %d of %d stored keys moved to it (%.3f; ideal 1/%d = %.3f)", num, joiner, toJoiner, len(keys), frac, n, ideal)
	if frac < 0.5*ideal || frac > 2*ideal || math.IsNaN(frac) {
		s.r.Fatalf("configuration %d: %s joined a store of %d keys and %d of them moved to it (%.3f), want between 0.5/%d and 2/%d",
			num, joiner, len(keys), toJoiner, frac, n, n)
	}
}

// TestStoreDeterministic: the same seed gives the same run of the
// join-and-leave scenario, event for event, so that every failure
// replays; and the run completes. Node code that ranges over a map to
// decide whom to call, or in what order, breaks it.
//
//lab:points 2
func TestStoreDeterministic(t *testing.T) {
	kit.Sweep(t, 3, func(r *kit.Run) {
		plan := joinLeavePlan(r)
		fp := r.CheckDeterminism(sim.Options{Net: plan.net}, func(w *sim.World) error {
			s := buildStore(r, w, plan)
			if err := s.run(); err != nil {
				return err
			}
			if n := s.unfinished(); n > 0 {
				return fmt.Errorf("LIVENESS: %d of %d clients did not finish their workload by %s (TestStoreJoinLeave says more)", n, plan.clients, sim.FormatTime(plan.deadline))
			}
			return nil
		})
		r.Logf("two runs of the join-and-leave scenario: fingerprint %016x in both", fp)
	})
}
