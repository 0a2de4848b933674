package hashring_test

import (
	"testing"
	"time"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestStoreCrashAtWorstMoment: durable state at the worst moment. In the
// join-and-leave scenario, a server crashes right after it sends a
// message that its durable state guards, with the message on its way, and
// restarts within 100ms (keeping only its Storage):
//
//   - after acknowledging a write (the key's value and the Applied table),
//     one time in 20;
//   - after handing keys over in a FetchReply (its move to the new
//     configuration: it must not serve those keys again), one time in 3;
//   - after a FetchReply reached it (the keys it fetched, and who it still
//     has to fetch from), one time in 3;
//   - after reporting Ready (the end of its move: it must not fetch
//     again, over the writes it has served since), one time in 3.
//
// The hot keys have hostile names: "progress", "applied", "missing",
// "configs", "data/", "data/h2" and "h2", and the empty key. A server
// must keep the user's keys apart from its own entries in its Storage
// (the reference puts "data/" before every user key), so that no key a
// client writes overwrites its configurations or its Applied table.
//
// Every check of TestStoreJoinLeave and TestStoreHandoff holds: no write
// is lost or applied twice, the history is linearizable, every key moves
// from its old owner to its new one, every client finishes, and a server
// polls the controller about once per PollInterval, across its restarts.
//
//lab:points 8
func TestStoreCrashAtWorstMoment(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		plan := joinLeavePlan(r)
		plan.deadline = 35 * time.Second
		plan.hotNames = hostileKeys
		s := buildStore(r, r.World(sim.Options{Net: plan.net}), plan)
		rng := r.Rand("worst")
		crashes := 0
		s.w.Observe(func(ev sim.Event) error {
			if !s.isServer(ev.Node) || s.shut[ev.Node] || !s.w.Up(ev.Node) || ev.Time >= plan.work {
				return nil
			}
			odds := 0
			switch ev.Kind {
			case sim.KindSend:
				if resp, ok := ev.Msg.(rpc.Response); ok {
					switch reply := resp.Body.(type) {
					case hashring.OpReply:
						if reply.Err == "" {
							odds = 20
						}
					case hashring.FetchReply:
						if reply.Err == "" {
							odds = 3
						}
					}
				}
			case sim.KindDeliver:
				if resp, ok := ev.Msg.(rpc.Response); ok {
					if reply, ok := resp.Body.(hashring.FetchReply); ok && reply.Err == "" {
						odds = 3
					}
				}
			case sim.KindCustom:
				if _, ok := ev.Msg.(hashring.Ready); ok {
					odds = 3
				}
			}
			if odds == 0 || rng.IntN(odds) != 0 {
				return nil
			}
			id, down := ev.Node, time.Duration(rng.Int64N(int64(100*time.Millisecond)))
			crashes++
			s.w.At(ev.Time, func() {
				if s.w.Up(id) && !s.shut[id] {
					s.w.Crash(id)
					s.w.After(down, func() {
						if !s.shut[id] {
							s.w.Restart(id)
						}
					})
				}
			})
			return nil
		})
		r.Check(s.run())
		s.checkWritesReadable()
		r.CheckKV(s.h)
		s.checkLive()
		for num := 2; num < len(s.configs); num++ {
			s.checkHandoffs(num)
		}
		r.Logf("%d crashes at the worst moment; %d operations; %s; %s", crashes, len(s.ops), s.readiness(), s.pollSummary())
	})
}

// hostileKeys are the hot keys of TestStoreCrashAtWorstMoment: names a
// server that stores user keys in its Storage as they are would mix up
// with its own entries (the reference's "progress", "applied", and
// "data/" + key), the empty key, and keys that differ only by such a
// prefix ("h2" and "data/h2").
var hostileKeys = []string{"progress", "applied", "data/h2", "h2", "", "data/", "missing", "configs"}

// isServer reports whether id is one of the store's servers.
func (s *storeRun) isServer(id sim.NodeID) bool {
	for _, sv := range s.servers {
		if sv == id {
			return true
		}
	}
	return false
}
