package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// link is a directed link between two nodes.
type link struct{ from, to NodeID }

// allLinks returns every directed link among n nodes, self-links excluded.
func allLinks(n int) map[link]bool {
	out := map[link]bool{}
	for f := range NodeID(n) {
		for t := range NodeID(n) {
			if f != t {
				out[link{f, t}] = true
			}
		}
	}
	return out
}

// reachable builds a world of n nodes, runs setup on it at time 0, then has
// every node send to every other node, and returns the links the messages
// crossed. It also checks that World.Linked agrees.
func reachable(t *testing.T, n int, setup func(w *World)) map[link]bool {
	t.Helper()
	w := newWorld(t, Options{Net: NetConfig{Latency: time.Millisecond}})
	got := map[link]bool{}
	for range n {
		addNode(t, w, "", func() Node {
			return &fnNode{
				start: func(env Env) {
					env.After(time.Millisecond, func() {
						for to := range NodeID(n) {
							if to != env.ID() {
								env.Send(to, num{N: int(env.ID())})
							}
						}
					})
				},
				recv: func(env Env, from NodeID, msg any) { got[link{from, env.ID()}] = true },
			}
		})
	}
	w.At(0, func() { setup(w) })
	require.NoError(t, w.Run(time.Second))
	for l := range allLinks(n) {
		assert.Equal(t, got[l], w.Linked(l.from, l.to), "Linked(%v, %v)", l.from, l.to)
	}
	return got
}

// without returns all links among n nodes except those in cut.
func without(n int, cut ...link) map[link]bool {
	out := allLinks(n)
	for _, l := range cut {
		delete(out, l)
	}
	return out
}

func TestCutIsOneWay(t *testing.T) {
	const n = 4
	for l := range allLinks(n) {
		t.Run(fmt.Sprintf("%v->%v", l.from, l.to), func(t *testing.T) {
			got := reachable(t, n, func(w *World) { assert.NoError(t, w.Cut(l.from, l.to)) })
			assert.Equal(t, without(n, l), got)
		})
	}
}

func TestPartitionCutsCrossGroupLinksBothWays(t *testing.T) {
	// Groups {0 1} and {2 3}; node 4 is in no group and reaches everyone.
	got := reachable(t, 5, func(w *World) {
		assert.NoError(t, w.Partition([]NodeID{0, 1}, []NodeID{2, 3}))
	})
	assert.Equal(t, without(5,
		link{0, 2}, link{0, 3}, link{1, 2}, link{1, 3},
		link{2, 0}, link{3, 0}, link{2, 1}, link{3, 1},
	), got)
}

func TestPartitionReplacesEarlierCuts(t *testing.T) {
	got := reachable(t, 4, func(w *World) {
		assert.NoError(t, w.Cut(0, 1))
		assert.NoError(t, w.Isolate(3))
		assert.NoError(t, w.Partition([]NodeID{0}, []NodeID{2}))
	})
	assert.Equal(t, without(4, link{0, 2}, link{2, 0}), got)
}

func TestIsolate(t *testing.T) {
	got := reachable(t, 4, func(w *World) { assert.NoError(t, w.Isolate(2)) })
	assert.Equal(t, without(4, link{2, 0}, link{2, 1}, link{2, 3}, link{0, 2}, link{1, 2}, link{3, 2}), got)
}

func TestConnectRestoresOneDirection(t *testing.T) {
	got := reachable(t, 3, func(w *World) {
		assert.NoError(t, w.Isolate(1))
		assert.NoError(t, w.Connect(1, 0))
	})
	assert.Equal(t, without(3, link{0, 1}, link{1, 2}, link{2, 1}), got)
}

func TestHealRestoresEverything(t *testing.T) {
	got := reachable(t, 4, func(w *World) {
		assert.NoError(t, w.Partition([]NodeID{0, 1}, []NodeID{2}, []NodeID{3}))
		assert.NoError(t, w.Cut(0, 1))
		w.Heal()
	})
	assert.Equal(t, allLinks(4), got)
}

func TestNetworkChangeEvents(t *testing.T) {
	w := newWorld(t, Options{})
	evs := record(w)
	for _, name := range []string{"a", "b", "c", "d"} {
		addNode(t, w, name, idle)
	}
	require.NoError(t, w.Cut(0, 1))
	require.NoError(t, w.Connect(0, 1))
	require.NoError(t, w.Isolate(2))
	require.NoError(t, w.Partition([]NodeID{0, 1}, []NodeID{2, 3}))
	w.Heal()
	var details []string
	for _, ev := range ofKind(*evs, KindNetwork) {
		assert.Equal(t, NoNode, ev.Node)
		assert.Equal(t, NoNode, ev.Peer)
		details = append(details, ev.Detail)
	}
	assert.Equal(t, []string{"cut a->b", "connect a->b", "isolate c", "partition {a b} {c d}", "heal"}, details)
}

// TestCutDropsMessagesInFlight sends with a 10ms latency and changes the
// links while the messages are in flight: a message is dropped if its link
// is cut when it is sent or when it arrives, and only then.
func TestCutDropsMessagesInFlight(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: 10 * time.Millisecond}})
	evs := record(w)
	a := addNode(t, w, "a", idle)
	b, s := addSink(t, w, "b")
	sendAt(w, 1*time.Millisecond, a, b, num{N: 1}) // arrives at 11ms, over a cut: dropped
	w.At(5*time.Millisecond, func() { assert.NoError(t, w.Cut(a, b)) })
	sendAt(w, 6*time.Millisecond, a, b, num{N: 2}) // sent over the cut: dropped at once
	sendAt(w, 7*time.Millisecond, b, a, num{N: 3}) // the other direction is open
	w.At(8*time.Millisecond, w.Heal)
	sendAt(w, 9*time.Millisecond, a, b, num{N: 4}) // cut at 10ms but healed at 12ms: delivered at 19ms
	w.At(10*time.Millisecond, func() { assert.NoError(t, w.Cut(a, b)) })
	w.At(12*time.Millisecond, w.Heal)
	require.NoError(t, w.Run(time.Second))

	type dropped struct {
		at       time.Duration
		from, to NodeID
		msg      any
		why      string
	}
	var drops []dropped
	for _, ev := range ofKind(*evs, KindDrop) {
		drops = append(drops, dropped{ev.Time, ev.Node, ev.Peer, ev.Msg, ev.Detail})
	}
	assert.Equal(t, []dropped{
		{6 * time.Millisecond, a, b, num{N: 2}, DropCut},
		{11 * time.Millisecond, a, b, num{N: 1}, DropCut},
	}, drops)
	assert.Equal(t, []arrival{{At: 19 * time.Millisecond, From: a, Msg: num{N: 4}}}, s.got)
	var delivered []string
	for _, ev := range ofKind(*evs, KindDeliver) {
		delivered = append(delivered, fmt.Sprintf("%v %v->%v %v", ev.Time, ev.Peer, ev.Node, ev.Msg))
	}
	assert.Equal(t, []string{"17ms n1->n0 {3}", "19ms n0->n1 {4}"}, delivered)
}

// TestNoDeliveryAcrossACut runs a busy, jittery network under a random
// schedule of partitions, cuts and heals, while an observer checks every
// delivery against the links at that moment.
func TestNoDeliveryAcrossACut(t *testing.T) {
	const n = 5
	for seed := range int64(10) {
		w := newWorld(t, Options{Seed: seed, Net: NetConfig{Latency: time.Millisecond, Jitter: 4 * time.Millisecond}})
		delivered, cutDrops := 0, 0
		w.Observe(func(ev Event) error {
			switch {
			case ev.Kind == KindDeliver:
				delivered++
				if !w.Linked(ev.Peer, ev.Node) {
					return fmt.Errorf("delivered %v from %v to %v over a cut link", ev.Msg, ev.Peer, ev.Node)
				}
			case ev.Kind == KindDrop && ev.Detail == DropCut:
				cutDrops++
				if w.Linked(ev.Node, ev.Peer) {
					return fmt.Errorf("dropped %v from %v to %v as cut, but the link is up", ev.Msg, ev.Node, ev.Peer)
				}
			}
			return nil
		})
		for range n {
			addNode(t, w, "", starter(func(env Env) {
				var tick func()
				tick = func() {
					env.Send(NodeID(env.Rand().IntN(n)), num{N: env.Rand().IntN(100)})
					env.After(time.Duration(1+env.Rand().IntN(500))*time.Microsecond, tick)
				}
				tick()
			}))
		}
		faults := w.Rand("faults")
		for at := 10 * time.Millisecond; at < time.Second; at += 10 * time.Millisecond {
			w.At(at, func() {
				switch faults.IntN(5) {
				case 0:
					var g1, g2 []NodeID
					for id := range NodeID(n) {
						switch faults.IntN(3) {
						case 0:
							g1 = append(g1, id)
						case 1:
							g2 = append(g2, id)
						}
					}
					assert.NoError(t, w.Partition(g1, g2))
				case 1:
					from, to := NodeID(faults.IntN(n)), NodeID(faults.IntN(n))
					if from != to {
						assert.NoError(t, w.Cut(from, to))
					}
				case 2:
					assert.NoError(t, w.Isolate(NodeID(faults.IntN(n))))
				case 3:
					w.Heal()
				case 4:
					from, to := NodeID(faults.IntN(n)), NodeID(faults.IntN(n))
					if from != to {
						assert.NoError(t, w.Connect(from, to))
					}
				}
			})
		}
		require.NoError(t, w.Run(time.Second), "seed %d", seed)
		assert.Greater(t, delivered, 1000, "seed %d", seed)
		assert.Greater(t, cutDrops, 100, "seed %d: the cuts must matter", seed)
	}
}

func TestLinkErrors(t *testing.T) {
	cases := []struct {
		name string
		op   func(w *World) error
		want string
	}{
		{"cut from unknown", func(w *World) error { return w.Cut(-1, 0) }, "Cut: unknown node -1"},
		{"cut to unknown", func(w *World) error { return w.Cut(0, 3) }, "Cut: unknown node 3"},
		{"cut self", func(w *World) error { return w.Cut(1, 1) }, "Cut(b, b)"},
		{"connect unknown", func(w *World) error { return w.Connect(0, 7) }, "Connect: unknown node 7"},
		{"connect self", func(w *World) error { return w.Connect(2, 2) }, "Connect(c, c)"},
		{"isolate unknown", func(w *World) error { return w.Isolate(3) }, "Isolate: unknown node 3"},
		{"partition unknown", func(w *World) error { return w.Partition([]NodeID{0}, []NodeID{-2}) }, "Partition: unknown node -2"},
		{"partition two groups", func(w *World) error { return w.Partition([]NodeID{0, 1}, []NodeID{2, 1}) }, "node b is in two groups"},
		{"partition listed twice", func(w *World) error { return w.Partition([]NodeID{0, 0}) }, "node a is listed twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, Options{})
			evs := record(w)
			for _, name := range []string{"a", "b", "c"} {
				addNode(t, w, name, idle)
			}
			require.NoError(t, w.Cut(0, 2))
			err := tc.op(w)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.False(t, w.Linked(0, 2), "a failed change leaves the links as they were")
			assert.Len(t, ofKind(*evs, KindNetwork), 1, "and reports no change")
			assert.ErrorIs(t, w.Run(time.Second), err, "the world has finished")
		})
	}
	var w World
	assert.False(t, w.Linked(0, 1), "no nodes, no links")
}
