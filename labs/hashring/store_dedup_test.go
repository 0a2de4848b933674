package hashring_test

import (
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestStoreWritesApplyOnce: a write takes effect once, however many of
// its copies arrive and however late. Three of the servers s1..s5 start;
// every second from 1s to 8s one joins or leaves, chosen by the seed
// (servers that leave stay up). Four clients each run Puts of fresh
// values, Appends and Gets of two keys of their own (o1.0 and o1.1 for
// c1) until 9s, then read them back, over a network slower than a call's
// timeout, often enough: 1ms plus an exponential delay of mean 25ms, 5%
// lost, 25% duplicated. So a client retries while its first copy is on
// its way, and copies of a Put or an Append (retries, duplicates) reach a
// server after the client has its reply, often after the client's next
// writes of the same key. Nobody else writes a client's keys, so every Get
// must return exactly what the client's acknowledged writes leave, in
// order: a late copy applied again repeats an Append, or puts back the
// value of an earlier Put. The test counts the late copies (a Put or
// Append delivered to a server after its client has sent a later
// operation) and requires some. Every check of TestStoreJoinLeave holds.
//
//lab:points 6
func TestStoreWritesApplyOnce(t *testing.T) {
	kit.Sweep(t, 10, func(r *kit.Run) {
		rng := r.Rand("schedule")
		servers := []int{1, 2, 3, 4, 5}
		rng.Shuffle(len(servers), func(i, j int) { servers[i], servers[j] = servers[j], servers[i] })
		members := slices.Clone(servers[:3])
		plan := storePlan{
			servers:  5,
			steps:    [][]int{slices.Clone(members)},
			at:       []time.Duration{0},
			net:      sim.NetConfig{Latency: time.Millisecond, Jitter: 25 * time.Millisecond, Dist: sim.Exponential, Loss: 0.05, Duplicate: 0.25},
			clients:  4,
			own:      2,
			work:     9 * time.Second,
			final:    9 * time.Second,
			deadline: 20 * time.Second,
		}
		plan.drawSteps(rng, servers, members, 8, time.Second)
		s := buildStore(r, r.World(sim.Options{Net: plan.net}), plan)
		sent := map[sim.NodeID]int64{} // client -> the highest Seq it has sent
		late := 0
		s.w.Observe(func(ev sim.Event) error {
			req, ok := ev.Msg.(rpc.Request)
			if !ok {
				return nil
			}
			args, ok := req.Body.(hashring.OpArgs)
			if !ok {
				return nil
			}
			switch {
			case ev.Kind == sim.KindSend:
				sent[ev.Node] = max(sent[ev.Node], args.Seq)
			case ev.Kind == sim.KindDeliver && args.Kind != hashring.OpGet && args.Seq < sent[ev.Peer]:
				late++
			}
			return nil
		})
		r.Check(s.run())
		s.checkLive()
		s.checkOwnReads()
		r.CheckKV(s.h)
		if late == 0 {
			r.Fatalf("no copy of a Put or Append reached a server after its client had moved on: the network of the test should make them (%d operations)", len(s.ops))
		}
		r.Logf("%d late copies of writes delivered; %d operations; %s", late, len(s.ops), s.readiness())
	})
}
