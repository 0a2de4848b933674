package hashring_test

import (
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestStoreReconfigDuringMove: configurations that arrive while servers
// are still moving keys for the one before. Four of the servers s1..s6
// start; from 3s to 12s, once a second, a burst of two or three
// configurations 1 to 30ms apart (far less than a move takes), each adding
// or removing one server, so that a server may join and leave again before
// it has finished fetching; on a network slower than the poll interval (1ms
// plus an exponential delay of mean 15ms, a message in ten lost, two in a
// hundred duplicated), so that a server's polls overlap and a reply can
// bring a configuration while the server is still moving to the one
// before. Servers that leave stay up. Every check of TestStoreJoinLeave
// and TestStoreHandoff holds, the bound on each server's Queries too
// (slow replies must not make a server poll more often); the clients
// finish by 35s.
//
//lab:points 6
func TestStoreReconfigDuringMove(t *testing.T) {
	kit.Sweep(t, 6, func(r *kit.Run) {
		rng := r.Rand("bursts")
		plan := joinLeavePlan(r)
		plan.crash = false
		// Replies often take longer than PollInterval: polls overlap.
		plan.net = sim.NetConfig{Latency: time.Millisecond, Jitter: 15 * time.Millisecond, Dist: sim.Exponential, Loss: 0.10, Duplicate: 0.02}
		plan.deadline = 35 * time.Second
		members := slices.Clone(plan.steps[0])
		plan.steps, plan.at = plan.steps[:1], plan.at[:1]
		for sec := 3; sec <= 12; sec++ {
			at := time.Duration(sec) * time.Second
			for range 2 + rng.IntN(2) {
				if len(members) == 3 || (len(members) < 6 && rng.IntN(2) == 0) {
					var out []int
					for s := 1; s <= 6; s++ {
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
				plan.at = append(plan.at, at)
				at += time.Duration(1+rng.IntN(30)) * time.Millisecond
			}
		}
		s := runStore(r, plan)
		s.checkWritesReadable()
		r.CheckKV(s.h)
		s.checkLive()
		for num := 2; num < len(s.configs); num++ {
			s.checkHandoffs(num)
		}
		r.Logf("%d configurations; %d operations; %s; %s", len(s.configs)-1, len(s.ops), s.readiness(), s.pollSummary())
	})
}
