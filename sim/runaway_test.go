package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Runaway nodes that the per-node limits stop, with the default limits.
var runaways = []struct {
	name   string
	node   Factory
	limit  string
	detail string
}{
	{"flood: every message answered with two", func() Node {
		return &fnNode{
			start: func(env Env) { env.Send(env.ID(), num{}) },
			recv: func(env Env, from NodeID, msg any) {
				env.Send(env.ID(), msg)
				env.Send(env.ID(), msg)
			},
		}
	}, "messages in flight", "has 100000 messages in flight"},
	{"flood: a message every microsecond, forever", starter(func(env Env) {
		var tick func()
		tick = func() {
			env.Send(0, num{})
			env.After(time.Microsecond, tick)
		}
		tick()
	}), "events per second", "more than 1000000 events"},
	{"timer loop: a nanosecond apart", starter(func(env Env) {
		var tick func()
		tick = func() { env.After(time.Nanosecond, tick) }
		tick()
	}), "events per second", "more than 1000000 events"},
	{"timer bomb: a million timers in one handler", starter(func(env Env) {
		for range 1_000_000 {
			env.After(time.Second, func() {})
		}
	}), "pending timers", "has 100000 timers waiting"},
	{"timer bomb: every timer arms two", starter(func(env Env) {
		var grow func()
		grow = func() {
			env.After(time.Millisecond, grow)
			env.After(time.Millisecond, grow)
		}
		grow()
	}), "pending timers", "has 100000 timers waiting"},
	{"timer bomb: timers stopped as soon as set", starter(func(env Env) {
		for {
			env.After(time.Hour, func() {}).Stop()
		}
	}), "pending timers", "has 100000 timers waiting"},
	{"send loop in one handler", starter(func(env Env) {
		for {
			env.Send(env.ID(), num{})
		}
	}), "sends per handler", "sent more than 100000 messages"},
}

// runaway runs a world of calm nodes and one runaway, named "runaway",
// with the default limits (and 1ms latency), and returns its error.
func runaway(tb testing.TB, f Factory) error {
	w, err := New(Options{Seed: 5, Net: NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond}})
	require.NoError(tb, err)
	w.MustAddNode("calm1", calm)
	w.MustAddNode("runaway", f)
	w.MustAddNode("calm2", calm)
	return w.Run(time.Minute)
}

func TestRunawayNodesAreStopped(t *testing.T) {
	for _, tc := range runaways {
		t.Run(tc.name, func(t *testing.T) {
			var lerr *LimitError
			require.ErrorAs(t, runaway(t, tc.node), &lerr)
			assert.Equal(t, tc.limit, lerr.Limit)
			assert.Equal(t, "runaway", lerr.Node)
			assert.Equal(t, int64(5), lerr.Seed)
			assert.Contains(t, lerr.Detail, tc.detail)
			assert.Contains(t, lerr.Error(), "run limit on "+tc.limit+" broken by node runaway")
		})
	}
}

func TestPerNodeLimitsAreConfigurable(t *testing.T) {
	w := newWorld(t, Options{MaxInFlight: 10})
	addNode(t, w, "burst", starter(func(env Env) {
		for range 10 {
			env.Send(env.ID(), num{})
		}
	}))
	require.NoError(t, w.Run(time.Second), "ten in flight is the limit, not over it")
	w = newWorld(t, Options{MaxInFlight: 10})
	addNode(t, w, "burst", starter(func(env Env) {
		for range 11 {
			env.Send(env.ID(), num{})
		}
	}))
	lerr := limitOf(t, w, time.Second)
	assert.Equal(t, "messages in flight", lerr.Limit)
	assert.Equal(t, uint64(10), w.Stats().Sends)

	w = newWorld(t, Options{MaxTimers: 3})
	fired := 0
	addNode(t, w, "timers", starter(func(env Env) {
		for range 3 {
			env.After(time.Millisecond, func() { fired++ })
		}
		env.After(2*time.Millisecond, func() { // the first three fired: room again
			for range 3 {
				env.After(time.Millisecond, func() { fired++ })
			}
		})
	}))
	lerr = limitOf(t, w, time.Second)
	assert.Equal(t, "pending timers", lerr.Limit)
	assert.Equal(t, 0, fired, "the fourth timer of Start broke the limit")

	w = newWorld(t, Options{MaxTimers: 4})
	addNode(t, w, "timers", starter(func(env Env) {
		for range 3 {
			env.After(time.Millisecond, func() { fired++ })
		}
		env.After(2*time.Millisecond, func() {
			for range 3 {
				env.After(time.Millisecond, func() { fired++ })
			}
		})
	}))
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, 6, fired, "timers that fired no longer count")

	w = newWorld(t, Options{MaxRate: 100})
	addNode(t, w, "steady", starter(func(env Env) {
		var tick func()
		tick = func() { env.After(10*time.Millisecond, tick) }
		tick()
	}))
	require.NoError(t, w.Run(10*time.Second), "100 events a second, the start's included, is the limit")
	w = newWorld(t, Options{MaxRate: 100})
	addNode(t, w, "fast", starter(func(env Env) {
		var tick func()
		tick = func() { env.After(9*time.Millisecond, tick) }
		tick()
	}))
	lerr = limitOf(t, w, 10*time.Second)
	assert.Equal(t, "events per second", lerr.Limit)
	assert.Equal(t, "fast", lerr.Node)
	assert.Equal(t, 900*time.Millisecond, lerr.Time, "the start and 100 timers in the first second")

	for _, o := range []Options{{MaxInFlight: -1}, {MaxTimers: -1}, {MaxRate: -1}} {
		_, err := New(o)
		assert.ErrorContains(t, err, "is negative")
	}
}

// BenchmarkRunaway measures the wall time a runaway node takes to fail a
// run with the default limits: one run per iteration, so ns/op is the
// time to the failure.
func BenchmarkRunaway(b *testing.B) {
	for _, tc := range runaways {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				if runaway(b, tc.node) == nil {
					b.Fatal("the runaway was not stopped")
				}
			}
		})
	}
}
