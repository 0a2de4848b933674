package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// calm is a factory of nodes that tick every millisecond, the background
// against which a runaway node must be named.
func calm() Node {
	return &fnNode{start: func(env Env) {
		var tick func()
		tick = func() { env.After(time.Millisecond, tick) }
		tick()
	}}
}

// limitOf runs w until until and returns the LimitError it must end with.
func limitOf(t *testing.T, w *World, until time.Duration) *LimitError {
	t.Helper()
	err := w.Run(until)
	var lerr *LimitError
	require.ErrorAs(t, err, &lerr)
	assert.ErrorIs(t, w.Run(until+time.Second), err, "the world has finished")
	return lerr
}

func TestZeroDelayTimerLoop(t *testing.T) {
	w := newWorld(t, Options{Seed: 6})
	addNode(t, w, "calm1", calm)
	addNode(t, w, "spinner", starter(func(env Env) {
		env.After(5*time.Millisecond, func() {
			var again func()
			again = func() { env.After(0, again) }
			again()
		})
	}))
	addNode(t, w, "calm2", calm)
	lerr := limitOf(t, w, time.Second)
	assert.Equal(t, "events at one instant", lerr.Limit)
	assert.Equal(t, "spinner", lerr.Node)
	assert.Equal(t, 5*time.Millisecond, lerr.Time)
	assert.Equal(t, int64(6), lerr.Seed)
	assert.Equal(t, 5*time.Millisecond, w.Now())
	assert.Equal(t, "sim: seed 6: run limit on events at one instant broken by node spinner at 0.005000s: "+lerr.Detail, lerr.Error())
	assert.Contains(t, lerr.Detail, "more than 100000 events at the same virtual time")
}

func TestZeroLatencyMessageLoop(t *testing.T) {
	w := newWorld(t, Options{MaxInstantEvents: 500})
	addNode(t, w, "calm", calm)
	addNode(t, w, "pingpong", func() Node {
		return &fnNode{
			start: func(env Env) { env.Send(env.ID(), num{}) },
			recv:  func(env Env, from NodeID, msg any) { env.Send(env.ID(), msg) },
		}
	})
	lerr := limitOf(t, w, time.Second)
	assert.Equal(t, "events at one instant", lerr.Limit)
	assert.Equal(t, "pingpong", lerr.Node)
	assert.Equal(t, time.Duration(0), lerr.Time)
}

func TestSendLoopInOneHandler(t *testing.T) {
	w := newWorld(t, Options{Seed: 2, MaxSendsPerHandler: 1000})
	addNode(t, w, "calm", calm)
	looper := addNode(t, w, "looper", receiver(func(env Env, from NodeID, msg any) {
		for {
			env.Send(from, num{})
		}
	}))
	addNode(t, w, "trigger", starter(func(env Env) { env.After(3*time.Millisecond, func() { env.Send(looper, num{}) }) }))
	lerr := limitOf(t, w, time.Second)
	assert.Equal(t, "sends per handler", lerr.Limit)
	assert.Equal(t, "looper", lerr.Node)
	assert.Equal(t, 3*time.Millisecond, lerr.Time)
	assert.Equal(t, int64(2), lerr.Seed)
	assert.Contains(t, lerr.Detail, "more than 1000 messages")
	assert.Equal(t, uint64(1000), w.Stats().Sends-1, "the sends up to the limit happened")
}

func TestFloodingNode(t *testing.T) {
	// amp answers every message with two, echo with one: the queue grows
	// without bound, mostly with amp's messages.
	w := newWorld(t, Options{MaxPending: 5000, Net: NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond}})
	addNode(t, w, "calm", calm)
	amp := addNode(t, w, "amp", receiver(func(env Env, from NodeID, msg any) {
		env.Send(from, msg)
		env.Send(from, msg)
	}))
	addNode(t, w, "echo", func() Node {
		return &fnNode{
			start: func(env Env) { env.Send(amp, num{}) },
			recv:  func(env Env, from NodeID, msg any) { env.Send(from, msg) },
		}
	})
	lerr := limitOf(t, w, time.Minute)
	assert.Equal(t, "pending events", lerr.Limit)
	assert.Equal(t, "amp", lerr.Node)
	assert.Less(t, lerr.Time, time.Second)
	assert.Contains(t, lerr.Detail, "more than 5000 events waiting")
}

func TestMaxEvents(t *testing.T) {
	w := newWorld(t, Options{MaxEvents: 1000})
	addNode(t, w, "slow", starter(func(env Env) {
		var tick func()
		tick = func() { env.After(10*time.Millisecond, tick) }
		tick()
	}))
	addNode(t, w, "busy", starter(func(env Env) {
		var tick func()
		tick = func() { env.After(time.Millisecond, tick) }
		tick()
	}))
	lerr := limitOf(t, w, time.Hour)
	assert.Equal(t, "events", lerr.Limit)
	assert.Equal(t, "busy", lerr.Node)
	assert.Contains(t, lerr.Detail, "more than 1000 events")
	assert.Equal(t, uint64(1000), w.popped-1)
}

func TestMaxTime(t *testing.T) {
	w := newWorld(t, Options{Seed: 3, MaxTime: 50 * time.Millisecond})
	fired := 0
	addNode(t, w, "ticker", starter(func(env Env) {
		var tick func()
		tick = func() {
			fired++
			env.After(7*time.Millisecond, tick)
		}
		env.After(7*time.Millisecond, tick)
	}))
	require.NoError(t, w.Run(50*time.Millisecond), "running up to the limit is fine")
	lerr := limitOf(t, w, time.Second)
	assert.Equal(t, "virtual time", lerr.Limit)
	assert.Empty(t, lerr.Node)
	assert.Equal(t, 50*time.Millisecond, lerr.Time)
	assert.Equal(t, 7, fired, "timers at 7ms, 14ms, ..., 49ms")
	assert.Equal(t, "sim: seed 3: run limit on virtual time broken at 0.050000s: an event is due at 56ms, after the limit of 50ms", lerr.Error())
}

func TestDefaults(t *testing.T) {
	w := newWorld(t, Options{})
	assert.Equal(t, DefaultMaxTime, w.opts.MaxTime)
	assert.Equal(t, uint64(DefaultMaxEvents), w.opts.MaxEvents)
	assert.Equal(t, DefaultMaxInstantEvents, w.opts.MaxInstantEvents)
	assert.Equal(t, DefaultMaxSendsPerHandler, w.opts.MaxSendsPerHandler)
	assert.Equal(t, DefaultMaxPending, w.opts.MaxPending)
	assert.Equal(t, DefaultMaxInFlight, w.opts.MaxInFlight)
	assert.Equal(t, DefaultMaxTimers, w.opts.MaxTimers)
	assert.Equal(t, DefaultMaxRate, w.opts.MaxRate)
	assert.Equal(t, DefaultShareCheckEvery, w.opts.ShareCheckEvery)
	assert.Equal(t, DefaultHandlerTimeout, w.opts.HandlerTimeout)
}

// TestLimitBlamesTheSender: a node that floods another is named, not the
// node that receives the flood and handles most of the events.
func TestLimitBlamesTheSender(t *testing.T) {
	w, err := New(Options{Seed: 1, MaxEvents: 200_000, Net: NetConfig{Latency: time.Microsecond}})
	require.NoError(t, err)
	target := NodeID(1)
	w.MustAddNode("sender", starter(func(env Env) {
		var burst func()
		burst = func() {
			for range 1000 {
				env.Send(target, 1)
			}
			env.After(time.Microsecond, burst)
		}
		burst()
	}))
	w.MustAddNode("receiver", idle)
	err = w.Run(time.Second)
	var lerr *LimitError
	require.ErrorAs(t, err, &lerr)
	assert.Equal(t, "events", lerr.Limit)
	assert.Equal(t, "sender", lerr.Node)
}
