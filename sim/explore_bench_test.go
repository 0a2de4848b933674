package sim

import (
	"testing"
	"time"
)

// chatNode is the workload of BenchmarkExplore: three nodes that each
// greet the two others, and answer every greeting with a higher count, up
// to chatRounds. The explored state space is large, and a random run of
// it is short.
type chatNode struct {
	peers [2]NodeID
	heard [3]int
}

type chatMsg struct{ N int }

const chatRounds = 3

func (g *chatNode) Start(env Env) {
	for _, p := range g.peers {
		env.Send(p, chatMsg{})
	}
}

func (g *chatNode) Receive(env Env, from NodeID, msg any) {
	n := msg.(chatMsg).N
	g.heard[from] = max(g.heard[from], n)
	if n < chatRounds {
		env.Send(from, chatMsg{N: n + 1})
	}
}

func chatSetup(w *World) error {
	for i := range 3 {
		id := NodeID(i)
		w.MustAddNode("", func() Node { return &chatNode{peers: [2]NodeID{(id + 1) % 3, (id + 2) % 3}} })
	}
	return nil
}

// BenchmarkExplore measures the cost of exploring a state against the cost
// of an event of ordinary random runs of the same nodes, timed in turns in
// the same loop so that a busy machine slows both alike: "events/state" is
// how many random-run events one explored state costs. "visits/state" and
// "replayed/state" (events run per state, replays included) say where the
// cost goes: every visit replays its schedule from a fresh world.
// "bfs-all-orders" is BFS without sleep sets, the baseline of "bfs".
func BenchmarkExplore(b *testing.B) {
	opts := Options{Seed: 1, HandlerTimeout: -1, Net: NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond}}
	for _, c := range []struct {
		name      string
		s         Strategy
		allOrders bool
	}{{"bfs", BFS, false}, {"bfs-all-orders", BFS, true}, {"dfs", DFS, false}} {
		b.Run(c.name, func(b *testing.B) {
			cfg := ExploreConfig{Options: opts, Strategy: c.s, MaxStates: 20_000, MaxDepth: 100, AllOrders: c.allOrders}
			var states, visits int
			var replayed, events uint64
			var exploring, running time.Duration
			seed := int64(0)
			for b.Loop() {
				t0 := time.Now()
				res, err := Explore(cfg, chatSetup)
				if err != nil {
					b.Fatal(err)
				}
				exploring += time.Since(t0)
				states += res.States
				visits += res.Visits
				replayed += res.Events
				// The baseline: random runs of the same setup and options,
				// about as many events as the search ran.
				t0 = time.Now()
				for n := uint64(0); n < res.Events; {
					seed++
					o := opts
					o.Seed = seed
					w, err := New(o)
					if err != nil {
						b.Fatal(err)
					}
					chatSetup(w)
					if err := w.Run(time.Second); err != nil {
						b.Fatal(err)
					}
					n += w.index
					events += w.index
				}
				running += time.Since(t0)
			}
			perState := exploring.Seconds() / float64(states)
			perEvent := running.Seconds() / float64(events)
			b.ReportMetric(float64(states)/exploring.Seconds(), "states/s")
			b.ReportMetric(1/perEvent, "random-events/s")
			b.ReportMetric(perState/perEvent, "events/state")
			b.ReportMetric(float64(visits)/float64(states), "visits/state")
			b.ReportMetric(float64(replayed)/float64(states), "replayed/state")
		})
	}
}
