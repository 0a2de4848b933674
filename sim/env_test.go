package sim

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnvIdentity(t *testing.T) {
	w := newWorld(t, Options{Seed: 11})
	type seen struct {
		id   NodeID
		name string
		inc  uint64
		now  time.Duration
	}
	var got []seen
	f := starter(func(env Env) { got = append(got, seen{env.ID(), env.Name(), env.Incarnation(), env.Now()}) })
	a := addNode(t, w, "alpha", f)
	b := addNode(t, w, "", f)
	w.At(3*time.Millisecond, func() {
		assert.NoError(t, w.Crash(b))
		assert.NoError(t, w.Restart(b))
	})
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []seen{{a, "alpha", 1, 0}, {b, "n1", 1, 0}, {b, "n1", 2, 3 * time.Millisecond}}, got)

	assert.Equal(t, int64(11), w.Seed())
	assert.Equal(t, []NodeID{0, 1}, w.Nodes())
	id, ok := w.Lookup("n1")
	assert.True(t, ok)
	assert.Equal(t, b, id)
	_, ok = w.Lookup("beta")
	assert.False(t, ok)
	assert.Equal(t, "alpha", w.Name(a))
	assert.Equal(t, "-", w.Name(NoNode))
	assert.Equal(t, "n7", w.Name(7))
	assert.Equal(t, "-", NoNode.String())
	assert.Equal(t, "n12", NodeID(12).String())
	assert.Nil(t, w.Node(-1))
	assert.Nil(t, w.Node(2))
	assert.False(t, w.Up(2))
	assert.False(t, w.Paused(-1))
	w.Storage(5).Put("k", []byte("v"))
	_, found := w.Storage(5).Get("k")
	assert.False(t, found, "an unknown node has no storage")
}

func TestHooksIntercept(t *testing.T) {
	w := newWorld(t, Options{})
	var order []string
	var received []any
	b := addNode(t, w, "b", func() Node {
		return &fnNode{
			start: func(env Env) {
				h := HooksOf(env)
				h.Intercept(func(from NodeID, msg any) bool {
					order = append(order, "first")
					_, mine := msg.(tagged)
					return mine
				})
				h.Intercept(nil) // ignored
				h.Intercept(func(from NodeID, msg any) bool {
					order = append(order, "second")
					return msg == num{N: 2}
				})
			},
			recv: func(env Env, from NodeID, msg any) { received = append(received, msg) },
		}
	})
	addNode(t, w, "a", starter(func(env Env) {
		env.Send(b, tagged{Seq: 1})
		env.Send(b, num{N: 2})
		env.Send(b, num{N: 3})
	}))
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []any{num{N: 3}}, received)
	assert.Equal(t, []string{"first", "first", "second", "first", "second"}, order)
	assert.Equal(t, uint64(3), w.Stats().Delivered, "intercepted messages were delivered")
	assert.Zero(t, w.Stats().Unhandled)
}

func TestHooksValues(t *testing.T) {
	w := newWorld(t, Options{})
	type key struct{ name string }
	a := addNode(t, w, "a", starter(func(env Env) {
		h := HooksOf(env)
		assert.Nil(t, h.Value(key{"x"}))
		h.SetValue(key{"x"}, 1)
		h.SetValue("y", "two")
		h.SetValue(key{"x"}, 3)
	}))
	require.NoError(t, w.Run(0))
	h := HooksOf(envOf(w, a))
	assert.Equal(t, 3, h.Value(key{"x"}))
	assert.Equal(t, "two", h.Value("y"))
	assert.Nil(t, h.Value(key{"y"}))
}

// plainEnv is an Env of another runtime that has no hooks.
type plainEnv struct{ Env }

func TestHooksOfAnEnvWithoutHooks(t *testing.T) {
	w := newWorld(t, Options{})
	addNode(t, w, "a", starter(func(env Env) { HooksOf(plainEnv{env}) }))
	err := w.Run(time.Second)
	var perr *PanicError
	require.ErrorAs(t, err, &perr)
	assert.True(t, perr.Usage, "a misuse, not a panic of node code")
	assert.Contains(t, err.Error(), "sim: HooksOf: the Env sim.plainEnv does not implement sim.Hooks")
}

// startOnly is a node that is not a Receiver.
type startOnly struct{ start func(env Env) }

func (n *startOnly) Start(env Env) {
	if n.start != nil {
		n.start(env)
	}
}

// withReceive is startOnly with a Receive that ignores every message.
type withReceive struct{ startOnly }

func (*withReceive) Receive(Env, NodeID, any) {}

func TestMessagesToANodeWithoutReceiveAreUnhandled(t *testing.T) {
	// b is not a Receiver: it takes tagged messages with an interceptor,
	// and nothing takes the others. They are delivered and counted as
	// unhandled, the trace says so, and the run is the same as with a
	// Receive that ignores them.
	run := func(f Factory) (*World, string) {
		var trace strings.Builder
		w := newWorld(t, Options{Seed: 3, Trace: &trace, Net: NetConfig{Latency: time.Millisecond}})
		b := addNode(t, w, "b", f)
		addNode(t, w, "a", starter(func(env Env) {
			env.Send(b, tagged{Seq: 1})
			env.Send(b, num{N: 2})
			env.Send(b, num{N: 3})
		}))
		require.NoError(t, w.Run(time.Second))
		return w, trace.String()
	}
	intercept := func(env Env) {
		HooksOf(env).Intercept(func(from NodeID, msg any) bool {
			_, ok := msg.(tagged)
			return ok
		})
	}
	w, trace := run(func() Node { return &startOnly{start: intercept} })
	assert.Equal(t, uint64(3), w.Stats().Delivered)
	assert.Equal(t, uint64(2), w.Stats().Unhandled)
	assert.Zero(t, w.Stats().Dropped)
	assert.Contains(t, trace, "b        log       unhandled sim.num from a: *sim.startOnly is not a sim.Receiver")
	assert.Equal(t, 2, strings.Count(trace, "unhandled"))

	ignoring, _ := run(func() Node { return &withReceive{startOnly{start: intercept}} })
	assert.Zero(t, ignoring.Stats().Unhandled)
	assert.Equal(t, ignoring.Fingerprint(), w.Fingerprint())
}

func TestEnvRandIsPerIncarnation(t *testing.T) {
	draws := func(seed int64) [][]uint64 {
		w := newWorld(t, Options{Seed: seed})
		var out [][]uint64
		f := starter(func(env Env) {
			assert.Same(t, env.Rand(), env.Rand())
			out = append(out, []uint64{env.Rand().Uint64(), env.Rand().Uint64()})
		})
		addNode(t, w, "a", f)
		b := addNode(t, w, "b", f)
		w.At(time.Millisecond, func() {
			assert.NoError(t, w.Crash(b))
			assert.NoError(t, w.Restart(b))
		})
		require.NoError(t, w.Run(time.Second))
		require.Len(t, out, 3)
		return out
	}
	one := draws(1)
	assert.Equal(t, one, draws(1))
	assert.NotEqual(t, one, draws(2))
	assert.NotEqual(t, one[0], one[1], "nodes have their own streams")
	assert.NotEqual(t, one[1], one[2], "incarnations have their own streams")
}
