package rpc_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// newPair returns a world with a server and a caller.
func newPair(t *testing.T, net sim.NetConfig, delay time.Duration) (*sim.World, sim.NodeID, sim.NodeID) {
	t.Helper()
	w, err := sim.New(sim.Options{Seed: 1, Net: net})
	require.NoError(t, err)
	s := w.MustAddNode("server", func() sim.Node { return &server{delay: delay} })
	c := w.MustAddNode("caller", func() sim.Node { return &caller{} })
	return w, s, c
}

func TestCallReturnsTheReply(t *testing.T) {
	w, s, c := newPair(t, sim.NetConfig{Latency: 3 * time.Millisecond}, 0)
	w.At(time.Millisecond, func() { nodeOf[*caller](w, c).call(s, 42, time.Second) })
	require.NoError(t, w.Run(time.Second))

	res := nodeOf[*caller](w, c).results
	require.Len(t, res, 1)
	assert.NoError(t, res[0].err)
	assert.Equal(t, TokenReply{Token: Token{Caller: c, N: 42}, Server: s}, res[0].reply)
	assert.Equal(t, 7*time.Millisecond, res[0].at, "1ms + two 3ms hops")
}

func TestCallTimesOut(t *testing.T) {
	w, s, c := newPair(t, sim.NetConfig{Latency: time.Millisecond}, time.Hour)
	w.At(0, func() { nodeOf[*caller](w, c).call(s, 1, 100*time.Millisecond) })
	require.NoError(t, w.Run(time.Second))

	res := nodeOf[*caller](w, c).results
	require.Len(t, res, 1)
	assert.ErrorIs(t, res[0].err, rpc.ErrTimeout)
	assert.Equal(t, 100*time.Millisecond, res[0].at, "the timeout is in virtual time")
	assert.Equal(t, 0, rpc.Pending(nodeOf[*caller](w, c).env))
}

func TestLateReplyIsDropped(t *testing.T) {
	// The server answers after 150ms, the call gives up after 100ms: the
	// callback runs once, with the timeout, and the late reply is ignored.
	w, s, c := newPair(t, sim.NetConfig{Latency: time.Millisecond}, 150*time.Millisecond)
	var replies int
	w.Observe(func(ev sim.Event) error {
		if _, ok := ev.Msg.(rpc.Response); ok && ev.Kind == sim.KindDeliver {
			replies++
		}
		return nil
	})
	w.At(0, func() { nodeOf[*caller](w, c).call(s, 1, 100*time.Millisecond) })
	require.NoError(t, w.Run(time.Second))

	require.Equal(t, 1, replies, "the late reply did arrive")
	res := nodeOf[*caller](w, c).results
	require.Len(t, res, 1)
	assert.ErrorIs(t, res[0].err, rpc.ErrTimeout)
}

func TestDuplicatesReachTheHandlerButNotTheCallback(t *testing.T) {
	// Every message is duplicated: the handler sees each request twice
	// (rpc does not deduplicate) and the caller's callback still runs once
	// per call.
	w, s, c := newPair(t, sim.NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond, Duplicate: 1}, 0)
	for i := range 10 {
		w.At(time.Duration(i)*10*time.Millisecond, func() { nodeOf[*caller](w, c).call(s, i, time.Second) })
	}
	require.NoError(t, w.Run(5*time.Second))

	assert.Equal(t, 20, nodeOf[*server](w, s).seen)
	res := nodeOf[*caller](w, c).results
	require.Len(t, res, 10)
	for i, r := range res {
		assert.NoError(t, r.err)
		assert.Equal(t, i, r.reply.Token.N, "each callback got its own call's reply")
	}
}

func TestReplyToAnEarlierIncarnationIsDropped(t *testing.T) {
	// The caller calls (token 1), crashes and restarts, and calls again
	// (token 2, which has the same call number in the new incarnation).
	// The server answers each call 300ms late, so the reply to token 1
	// arrives while the second call waits: it must not complete it.
	w, s, c := newPair(t, sim.NetConfig{Latency: time.Millisecond}, 300*time.Millisecond)
	w.At(0, func() { nodeOf[*caller](w, c).call(s, 1, time.Second) })
	w.At(100*time.Millisecond, func() { assert.NoError(t, w.Crash(c)) })
	w.At(150*time.Millisecond, func() { assert.NoError(t, w.Restart(c)) })
	w.At(160*time.Millisecond, func() { nodeOf[*caller](w, c).call(s, 2, time.Second) })
	var oldReplyDelivered bool
	w.Observe(func(ev sim.Event) error {
		if r, ok := ev.Msg.(rpc.Response); ok && ev.Kind == sim.KindDeliver && r.Epoch == 1 {
			oldReplyDelivered = true
		}
		return nil
	})
	require.NoError(t, w.Run(2*time.Second))

	require.True(t, oldReplyDelivered, "the scenario must deliver the old reply to the new incarnation")
	res := nodeOf[*caller](w, c).results
	require.Len(t, res, 1)
	assert.NoError(t, res[0].err)
	assert.Equal(t, 2, res[0].reply.Token.N)
	assert.Equal(t, 462*time.Millisecond, res[0].at, "160ms + 1ms + 300ms + 1ms")
}

func TestCallsToDownOrCutOffNodesTimeOut(t *testing.T) {
	for _, fault := range []string{"down", "isolated", "reply path cut"} {
		t.Run(fault, func(t *testing.T) {
			w, s, c := newPair(t, sim.NetConfig{Latency: time.Millisecond}, 0)
			switch fault {
			case "down":
				require.NoError(t, w.Crash(s))
			case "isolated":
				require.NoError(t, w.Isolate(s))
			case "reply path cut":
				require.NoError(t, w.Cut(s, c))
			}
			w.At(time.Millisecond, func() { nodeOf[*caller](w, c).call(s, 1, 50*time.Millisecond) })
			require.NoError(t, w.Run(time.Second))
			res := nodeOf[*caller](w, c).results
			require.Len(t, res, 1)
			assert.ErrorIs(t, res[0].err, rpc.ErrTimeout)
		})
	}
}

func TestServerCrashBeforeDeferredReply(t *testing.T) {
	// The server keeps the reply function and crashes before calling it:
	// nothing is sent, and the call times out.
	w, s, c := newPair(t, sim.NetConfig{Latency: time.Millisecond}, 100*time.Millisecond)
	w.At(0, func() { nodeOf[*caller](w, c).call(s, 1, time.Second) })
	w.At(50*time.Millisecond, func() { assert.NoError(t, w.Crash(s)) })
	require.NoError(t, w.Run(2*time.Second))
	res := nodeOf[*caller](w, c).results
	require.Len(t, res, 1)
	assert.ErrorIs(t, res[0].err, rpc.ErrTimeout)
	assert.Zero(t, rpc.Observe(w).Node(s).Replies)
}

// Unknown is a request no server handles.
type Unknown struct{ X int }

var (
	// unknown is a method no server handles.
	unknown = rpc.Method[Unknown, int]("test.Unknown")
	// echoString is Echo declared with another reply type.
	echoString = rpc.Method[Token, string]("test.Echo")
	// echoUnknown is Echo declared with another request type.
	echoUnknown = rpc.Method[Unknown, TokenReply]("test.Echo")
)

// mismatched handles Echo as echoString: it replies with a string instead
// of a TokenReply.
type mismatched struct{}

func (mismatched) Start(env sim.Env) {
	echoString.Handle(env, func(from sim.NodeID, t Token, reply func(string)) { reply("surprise") })
}

func TestCallErrors(t *testing.T) {
	t.Run("no handler", func(t *testing.T) {
		w, s, c := newPair(t, sim.NetConfig{Latency: time.Millisecond}, 0)
		var got error
		w.At(0, func() {
			unknown.Call(nodeOf[*caller](w, c).env, s, Unknown{X: 1}, time.Second, func(_ int, err error) { got = err })
		})
		require.NoError(t, w.Run(time.Second))
		require.ErrorIs(t, got, rpc.ErrNoHandler)
		assert.Contains(t, got.Error(), "server has no handler for test.Unknown")
	})
	t.Run("request of another type", func(t *testing.T) {
		// The caller declared Echo with another request type than the
		// server: the server refuses it, and the caller learns why.
		w, s, c := newPair(t, sim.NetConfig{Latency: time.Millisecond}, 0)
		var got error
		w.At(0, func() {
			echoUnknown.Call(nodeOf[*caller](w, c).env, s, Unknown{X: 1}, time.Second, func(_ TokenReply, err error) { got = err })
		})
		require.NoError(t, w.Run(time.Second))
		require.ErrorIs(t, got, rpc.ErrNoHandler)
		assert.Contains(t, got.Error(), "method test.Echo of node server takes rpc_test.Token, not rpc_test.Unknown")
		assert.Zero(t, nodeOf[*server](w, s).seen, "the handler did not run")
	})
	t.Run("reply of another type", func(t *testing.T) {
		w, err := sim.New(sim.Options{Seed: 1})
		require.NoError(t, err)
		s := w.MustAddNode("server", func() sim.Node { return mismatched{} })
		c := w.MustAddNode("caller", func() sim.Node { return &caller{} })
		w.At(0, func() { nodeOf[*caller](w, c).call(s, 1, time.Second) })
		require.NoError(t, w.Run(time.Second))
		res := nodeOf[*caller](w, c).results
		require.Len(t, res, 1)
		require.Error(t, res[0].err)
		assert.Contains(t, res[0].err.Error(), "reply to test.Echo is a string, want rpc_test.TokenReply")
	})
	t.Run("zero timeout", func(t *testing.T) {
		w, s, c := newPair(t, sim.NetConfig{}, 0)
		w.At(0, func() { nodeOf[*caller](w, c).call(s, 1, 0) })
		err := w.Run(time.Second)
		var perr *sim.PanicError
		require.ErrorAs(t, err, &perr)
		assert.True(t, perr.Usage, "a misuse, not a panic of node code")
		assert.Contains(t, err.Error(), "needs a positive timeout")
	})
}

// TestMisuse: each misuse of a method ends the run with a usage error that
// says what is wrong.
func TestMisuse(t *testing.T) {
	noop := func(sim.NodeID, Token, func(TokenReply)) {}
	tests := []struct {
		name string
		use  func(env sim.Env)
		want string
	}{
		{"nil callback", func(env sim.Env) { Echo.Call(env, 0, Token{}, time.Second, nil) },
			"rpc: call of test.Echo with a nil callback"},
		{"nil handler", func(env sim.Env) { Echo.Handle(env, nil) },
			"rpc: Handle of test.Echo with a nil handler"},
		{"no name", func(env sim.Env) { rpc.Method[Token, TokenReply]("").Handle(env, noop) },
			"rpc: a method with no name"},
		{"one name, two reply types", func(env sim.Env) {
			Echo.Handle(env, noop)
			echoString.Call(env, 0, Token{}, time.Second, func(string, error) {})
		}, "rpc: node n uses method test.Echo with request rpc_test.Token and reply rpc_test.TokenReply, and with request rpc_test.Token and reply string"},
		{"one name, two request types", func(env sim.Env) {
			Echo.Call(env, 0, Token{}, time.Second, func(TokenReply, error) {})
			echoUnknown.Handle(env, func(sim.NodeID, Unknown, func(TokenReply)) {})
		}, "rpc: node n uses method test.Echo with request rpc_test.Token and reply rpc_test.TokenReply, and with request rpc_test.Unknown"},
		{"one request type, two names", func(env sim.Env) {
			Echo.Handle(env, noop)
			rpc.Method[Token, TokenReply]("test.Echo2").Handle(env, noop)
		}, "rpc: node n uses request type rpc_test.Token for methods test.Echo and test.Echo2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := sim.New(sim.Options{Seed: 1})
			require.NoError(t, err)
			w.MustAddNode("n", func() sim.Node { return starter(tt.use) })
			err = w.Run(time.Second)
			var perr *sim.PanicError
			require.ErrorAs(t, err, &perr)
			assert.True(t, perr.Usage, "a misuse, not a panic of node code")
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestReusingAMethodIsNoMisuse(t *testing.T) {
	// A node may handle and call the same method, and register its
	// handler again: the second handler replaces the first.
	w, err := sim.New(sim.Options{Seed: 1})
	require.NoError(t, err)
	var got []string
	var reply TokenReply
	w.MustAddNode("n", func() sim.Node {
		return starter(func(env sim.Env) {
			Echo.Handle(env, func(sim.NodeID, Token, func(TokenReply)) { got = append(got, "first") })
			Echo.Handle(env, func(_ sim.NodeID, t Token, reply func(TokenReply)) {
				got = append(got, "second")
				reply(TokenReply{Token: t})
			})
			Echo.Call(env, env.ID(), Token{N: 5}, time.Second, func(r TokenReply, err error) {
				assert.NoError(t, err)
				reply = r
			})
		})
	})
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []string{"second"}, got)
	assert.Equal(t, 5, reply.Token.N)
}

// Closure is a request that could not cross a real network.
type Closure struct {
	Done func()
}

var (
	closure = rpc.Method[Closure, int]("test.Closure")
	// ints echoes a slice of ints.
	ints = rpc.Method[[]int, []int]("test.Ints")
)

func TestRequestsFollowTheCopyRules(t *testing.T) {
	t.Run("unsendable request", func(t *testing.T) {
		w, s, c := newPair(t, sim.NetConfig{}, 0)
		w.At(0, func() {
			closure.Call(nodeOf[*caller](w, c).env, s, Closure{Done: func() {}}, time.Second, func(int, error) {})
		})
		err := w.Run(time.Second)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "rpc_test.Closure")
		assert.Contains(t, err.Error(), "Done")
	})
	t.Run("no shared memory", func(t *testing.T) {
		w, err := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond}})
		require.NoError(t, err)
		var got []int
		s := w.MustAddNode("server", func() sim.Node { return sliceServer{got: &got} })
		c := w.MustAddNode("caller", func() sim.Node { return &caller{} })
		sent := []int{1, 2, 3}
		w.At(0, func() {
			ints.Call(nodeOf[*caller](w, c).env, s, sent, time.Second, func([]int, error) {})
			sent[0] = 99 // after the call: the server must not see it
		})
		require.NoError(t, w.Run(time.Second))
		assert.Equal(t, []int{1, 2, 3}, got)
	})
}

// sliceServer records the []int requests it gets.
type sliceServer struct{ got *[]int }

func (s sliceServer) Start(env sim.Env) {
	ints.Handle(env, func(from sim.NodeID, xs []int, reply func([]int)) {
		*s.got = xs
		reply(xs)
	})
}

func TestOtherMessagesReachReceive(t *testing.T) {
	w, err := sim.New(sim.Options{Seed: 1})
	require.NoError(t, err)
	r := &recorder{}
	s := w.MustAddNode("server", func() sim.Node { return r })
	c := w.MustAddNode("caller", func() sim.Node { return &caller{} })
	w.At(0, func() {
		nodeOf[*caller](w, c).call(s, 1, time.Second)
		nodeOf[*caller](w, c).env.Send(s, "plain")
	})
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []any{"plain"}, r.got, "Receive sees the plain message and not the rpc request")
	assert.Equal(t, 1, r.handled)
}

// recorder serves Tokens and records the other messages it receives.
type recorder struct {
	got     []any
	handled int
}

func (r *recorder) Start(env sim.Env) {
	Echo.Handle(env, func(from sim.NodeID, t Token, reply func(TokenReply)) {
		r.handled++
		reply(TokenReply{Token: t})
	})
}
func (r *recorder) Receive(_ sim.Env, _ sim.NodeID, msg any) { r.got = append(r.got, msg) }

func TestOtherMessagesToAnRPCOnlyNodeAreUnhandled(t *testing.T) {
	// The server is not a sim.Receiver: rpc takes the request, and the
	// plain message is delivered and counted as unhandled.
	w, s, c := newPair(t, sim.NetConfig{}, 0)
	w.At(0, func() {
		nodeOf[*caller](w, c).call(s, 1, time.Second)
		nodeOf[*caller](w, c).env.Send(s, "plain")
	})
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, 1, nodeOf[*server](w, s).seen)
	assert.Len(t, nodeOf[*caller](w, c).results, 1)
	assert.Equal(t, uint64(3), w.Stats().Delivered, "request, plain message, reply")
	assert.Equal(t, uint64(1), w.Stats().Unhandled)
}
