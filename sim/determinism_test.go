package sim

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rumor is the message of the gossip scenario.
type rumor struct {
	From  NodeID
	Round int
	Seen  []int
	Votes map[string]int
}

// gossiper sends a rumor to a random peer at random intervals and answers
// some of what it hears; it counts what it heard in its Storage.
type gossiper struct {
	n     int
	round int
	seen  []int
}

func (g *gossiper) Start(env Env) {
	var tick func()
	tick = func() {
		g.round++
		to := NodeID(env.Rand().IntN(g.n))
		env.Send(to, rumor{From: env.ID(), Round: g.round, Seen: append([]int(nil), g.seen...)})
		env.After(time.Duration(500+env.Rand().IntN(4500))*time.Microsecond, tick)
	}
	tick()
}

func (g *gossiper) Receive(env Env, from NodeID, msg any) {
	m := msg.(rumor)
	g.seen = append(g.seen, m.Round)
	if len(g.seen) > 4 {
		g.seen = g.seen[1:]
	}
	st := env.Storage()
	heard, _ := st.Get("heard")
	st.Put("heard", append(heard, byte(from)))
	if env.Rand().IntN(3) == 0 {
		env.Send(from, rumor{From: env.ID(), Round: -m.Round, Votes: map[string]int{"a": len(heard), "b": m.Round}})
	}
}

// gossipScenario runs four gossipers over a lossy, duplicating, jittery
// network, with a crash and restart and a partition.
func gossipScenario(w *World) error {
	gossipSetup(w)
	return w.Run(60 * time.Millisecond)
}

// gossipSetup adds the gossip scenario's nodes and faults to w.
func gossipSetup(w *World) {
	const n = 4
	for range n {
		w.MustAddNode("", func() Node { return &gossiper{n: n} })
	}
	w.At(20*time.Millisecond, func() { w.Crash(2) })
	w.At(25*time.Millisecond, func() { w.Partition([]NodeID{0, 1}, []NodeID{2, 3}) })
	w.At(35*time.Millisecond, func() { w.Restart(2) })
	w.At(45*time.Millisecond, w.Heal)
}

var gossipNet = NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond, Dist: Exponential, Loss: 0.1, Duplicate: 0.05}

// runGossip runs the gossip scenario with seed and returns its world.
func runGossip(t testing.TB, seed int64, opts Options) *World {
	t.Helper()
	opts.Seed, opts.Net = seed, gossipNet
	w := newWorld(t, opts)
	require.NoError(t, gossipScenario(w))
	return w
}

func TestSameSeedSameRun(t *testing.T) {
	const seeds = 1000
	fps := map[uint64]int64{}
	var events, drops, dups uint64
	for seed := range int64(seeds) {
		w1 := runGossip(t, seed, Options{})
		w2 := runGossip(t, seed, Options{})
		require.Equal(t, w1.Fingerprint(), w2.Fingerprint(), "seed %d", seed)
		require.Equal(t, w1.Stats(), w2.Stats(), "seed %d", seed)
		if other, dup := fps[w1.Fingerprint()]; dup {
			t.Fatalf("seeds %d and %d have the same fingerprint", other, seed)
		}
		fps[w1.Fingerprint()] = seed
		st := w1.Stats()
		events += st.Events
		drops += st.Dropped
		dups += st.Duplicated
	}
	// The scenario must be doing something.
	t.Logf("%d events, %d drops, %d duplicates per seed", events/uint64(seeds), drops/uint64(seeds), dups/uint64(seeds))
	assert.Greater(t, events/uint64(seeds), uint64(100))
	assert.Greater(t, drops, uint64(seeds))
	assert.Greater(t, dups, uint64(seeds/2))
}

func TestCheckDeterminismPassesDeterministicCode(t *testing.T) {
	opts := Options{Seed: 12, Net: gossipNet}
	fp, err := CheckDeterminism(opts, gossipScenario)
	require.NoError(t, err)
	assert.Equal(t, runGossip(t, 12, Options{}).Fingerprint(), fp)
	assert.NotZero(t, fp)
}

func TestFingerprintIgnoresTracing(t *testing.T) {
	var trace bytes.Buffer
	plain := runGossip(t, 3, Options{})
	traced := runGossip(t, 3, Options{Trace: &trace})
	filtered := runGossip(t, 3, Options{Trace: &bytes.Buffer{}, TraceFilter: func(ev Event) bool { return ev.Kind == KindDrop }})
	assert.Equal(t, plain.Fingerprint(), traced.Fingerprint())
	assert.Equal(t, plain.Fingerprint(), filtered.Fingerprint())
	assert.Equal(t, int(plain.Stats().Events), strings.Count(trace.String(), "\n"), "one trace line per event")

	// Log lines go to the trace only.
	logging := func(tr *bytes.Buffer) uint64 {
		opts := Options{Seed: 3}
		if tr != nil {
			opts.Trace = tr
		}
		w := newWorld(t, opts)
		addNode(t, w, "a", starter(func(env Env) {
			env.Logf("hello %d", 1)
			env.After(time.Millisecond, func() { env.Logf("tick") })
		}))
		require.NoError(t, w.Run(time.Second))
		return w.Fingerprint()
	}
	var tr bytes.Buffer
	assert.Equal(t, logging(nil), logging(&tr))
	assert.Contains(t, tr.String(), "log       hello 1")
	assert.Contains(t, tr.String(), "log       tick")
}

// picker messages every peer in the order it finds them in a map: a
// different order on every run.
type picker struct{ peers map[NodeID]bool }

func (p *picker) Start(env Env) {
	for round := range 3 {
		env.After(time.Duration(round+1)*time.Millisecond, func() {
			for id := range p.peers {
				env.Send(id, num{N: round})
			}
		})
	}
}

// TestCheckDeterminismFindsMapOrder checks that two runs of a node that
// ranges over a map are told apart, and that the error names the first
// event at which they differ. The scenario records both runs' events to
// check the error against.
func TestCheckDeterminismFindsMapOrder(t *testing.T) {
	const peers = 16
	var runs [][]string
	scenario := func(w *World) error {
		i := len(runs)
		runs = append(runs, nil)
		w.Observe(func(ev Event) error {
			runs[i] = append(runs[i], w.FormatEvent(ev))
			return nil
		})
		for p := range 4 {
			w.MustAddNode(fmt.Sprint("picker", p), func() Node {
				m := map[NodeID]bool{}
				for id := range NodeID(peers) {
					m[4+id] = true
				}
				return &picker{peers: m}
			})
		}
		for range peers {
			w.MustAddNode("", idle)
		}
		return w.Run(time.Second)
	}
	fp, err := CheckDeterminism(Options{Seed: 99}, scenario)
	assert.Zero(t, fp)
	var div *DivergenceError
	require.ErrorAs(t, err, &div)
	require.Len(t, runs, 2)

	first, second := runs[0], runs[1]
	i := int(div.Index) - 1
	// Observers of the second run see every event before the divergence
	// and not the divergent one, which ended the run.
	require.Len(t, second, i)
	require.Greater(t, len(first), i)
	assert.Equal(t, first[:i], second, "the runs agree up to the divergence")
	assert.Equal(t, first[i], div.First)
	assert.NotEqual(t, div.First, div.Second)

	assert.Equal(t, int64(99), div.Seed)
	assert.Equal(t, KindSend, div.Kind, "a send went to another peer")
	assert.True(t, strings.HasPrefix(div.Node, "picker"), div.Node)
	assert.Contains(t, []time.Duration{time.Millisecond, 2 * time.Millisecond, 3 * time.Millisecond}, div.Time)
	prefix := fmt.Sprintf("%12s #%-6d %-8s %-9s -> ", FormatTime(div.Time), div.Index, div.Node, KindSend)
	assert.True(t, strings.HasPrefix(div.Second, prefix), "%q does not start with %q", div.Second, prefix)
	msg := err.Error()
	for _, want := range []string{"seed 99", fmt.Sprintf("#%d", div.Index), div.First, div.Second, "map iteration order"} {
		assert.Contains(t, msg, want)
	}
}

func TestCheckDeterminismRunsOfDifferentLength(t *testing.T) {
	ticking := func(w *World) {
		w.MustAddNode("t", starter(func(env Env) {
			var tick func()
			tick = func() { env.After(time.Millisecond, tick) }
			tick()
		}))
	}
	t.Run("second run shorter", func(t *testing.T) {
		calls := 0
		_, err := CheckDeterminism(Options{Seed: 4}, func(w *World) error {
			calls++
			ticking(w)
			if calls == 1 {
				return w.Run(10 * time.Millisecond)
			}
			return w.Run(5 * time.Millisecond)
		})
		var div *DivergenceError
		require.ErrorAs(t, err, &div)
		// Start, then one timer per millisecond: the second run's last
		// event is the 5ms timer, #6; the first run goes on to #7.
		assert.Equal(t, uint64(7), div.Index)
		assert.Equal(t, 6*time.Millisecond, div.Time)
		assert.Equal(t, KindTimer, div.Kind)
		assert.Equal(t, "t", div.Node)
		assert.Equal(t, "   0.006000s #7      t        timer", div.First)
		assert.Empty(t, div.Second)
		assert.Contains(t, err.Error(), "(the run had ended)")
	})
	t.Run("second run longer", func(t *testing.T) {
		calls := 0
		_, err := CheckDeterminism(Options{Seed: 4}, func(w *World) error {
			calls++
			ticking(w)
			if calls == 1 {
				return w.Run(5 * time.Millisecond)
			}
			return w.Run(10 * time.Millisecond)
		})
		var div *DivergenceError
		require.ErrorAs(t, err, &div)
		assert.Equal(t, uint64(7), div.Index)
		assert.Equal(t, 6*time.Millisecond, div.Time)
		assert.Empty(t, div.First)
		assert.Equal(t, "   0.006000s #7      t        timer", div.Second)
	})
}

func TestCheckDeterminismReturnsFirstRunError(t *testing.T) {
	fp, err := CheckDeterminism(Options{Seed: 8}, func(w *World) error {
		w.MustAddNode("p", starter(func(env Env) {
			env.After(time.Millisecond, func() { panic("boom") })
		}))
		return w.Run(time.Second)
	})
	var perr *PanicError
	require.ErrorAs(t, err, &perr, "both runs panic alike: the error is the run's")
	assert.Equal(t, "boom", perr.Value)
	assert.NotZero(t, fp)

	_, err = CheckDeterminism(Options{MaxTime: -1}, gossipScenario)
	assert.ErrorContains(t, err, "MaxTime")
}

// TestNodeRandomnessDoesNotMoveNetworkDecisions runs the same sends twice,
// once with nodes drawing extra numbers from their Env.Rand (and the test
// from World.Rand), and checks the network drops, duplicates and delays
// exactly the same messages.
func TestNodeRandomnessDoesNotMoveNetworkDecisions(t *testing.T) {
	network := func(greedy bool) []string {
		w := newWorld(t, Options{Seed: 21, Net: NetConfig{Latency: time.Millisecond, Jitter: 3 * time.Millisecond, Loss: 0.3, Duplicate: 0.2}})
		var out []string
		w.Observe(func(ev Event) error {
			switch ev.Kind {
			case KindDrop, KindDuplicate, KindDeliver:
				out = append(out, fmt.Sprintf("%v %v %v->%v %v %s", ev.Time, ev.Kind, ev.Node, ev.Peer, ev.Msg, ev.Detail))
			}
			return nil
		})
		for range 3 {
			addNode(t, w, "", starter(func(env Env) {
				i := 0
				var tick func()
				tick = func() {
					if greedy {
						for range int(env.ID()) + 5 {
							env.Rand().Uint64()
						}
						w.Rand("workload").Uint64()
					}
					i++
					env.Send((env.ID()+NodeID(i))%3, num{N: i})
					env.After(time.Millisecond, tick)
				}
				tick()
			}))
		}
		require.NoError(t, w.Run(200*time.Millisecond))
		return out
	}
	plain, greedy := network(false), network(true)
	assert.Equal(t, plain, greedy)
	joined := strings.Join(plain, "\n")
	assert.Contains(t, joined, "drop")
	assert.Contains(t, joined, "duplicate")
}

func TestNamedStreams(t *testing.T) {
	draw := func(seed int64, name string) []uint64 {
		w := newWorld(t, Options{Seed: seed})
		r := w.Rand(name)
		assert.Same(t, r, w.Rand(name), "one stream per name")
		return []uint64{r.Uint64(), r.Uint64(), r.Uint64()}
	}
	assert.Equal(t, draw(1, "a"), draw(1, "a"))
	assert.NotEqual(t, draw(1, "a"), draw(1, "b"))
	assert.NotEqual(t, draw(1, "a"), draw(2, "a"))
}

func TestRecordAndCompare(t *testing.T) {
	build := func(w *World, extra bool) {
		w.MustAddNode("t", starter(func(env Env) {
			var tick func()
			tick = func() { env.After(time.Millisecond, tick) }
			tick()
			if extra {
				env.After(2500*time.Microsecond, func() {})
			}
		}))
	}
	t.Run("same", func(t *testing.T) {
		w1, err := New(Options{Seed: 3})
		require.NoError(t, err)
		rec := w1.Record()
		build(w1, false)
		require.NoError(t, w1.Run(10*time.Millisecond))

		w2, err := New(Options{Seed: 3})
		require.NoError(t, err)
		w2.Compare(rec)
		build(w2, false)
		require.NoError(t, w2.Run(10*time.Millisecond))
		assert.NoError(t, rec.Check(w2))
		assert.Equal(t, w1.Fingerprint(), w2.Fingerprint())
	})
	t.Run("different", func(t *testing.T) {
		w1, err := New(Options{Seed: 3})
		require.NoError(t, err)
		rec := w1.Record()
		build(w1, false)
		require.NoError(t, w1.Run(10*time.Millisecond))

		w2, err := New(Options{Seed: 3})
		require.NoError(t, err)
		w2.Compare(rec)
		build(w2, true)
		err = w2.Run(10 * time.Millisecond)
		var div *DivergenceError
		require.ErrorAs(t, err, &div, "the run stops at the first difference")
		assert.Equal(t, 2500*time.Microsecond, w2.Now())
		assert.Equal(t, "   0.003000s #4      t        timer", div.First)
		assert.Equal(t, "   0.002500s #4      t        timer", div.Second)
		assert.Equal(t, div, rec.Check(w2))
	})
	t.Run("misuse", func(t *testing.T) {
		w, err := New(Options{Seed: 3})
		require.NoError(t, err)
		build(w, false)
		require.NoError(t, w.Run(time.Millisecond))
		w.Record()
		assert.ErrorContains(t, w.Err(), "Record or Compare after the world started")

		other, err := New(Options{Seed: 3})
		require.NoError(t, err)
		assert.ErrorContains(t, (&Recording{}).Check(other), "did not Compare with it")
	})
}
