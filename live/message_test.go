package live_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/sim"
)

type Empty struct{}

type Inner struct{ N int }

type Rich struct {
	Seq    uint64
	Names  []string
	Nil    []int
	ByKey  map[string]Inner
	ByNum  map[int]string
	Ptr    *Inner
	NilPtr *Inner
	Raw    []byte
	Arr    [3]int8
	F      float64
}

type got struct {
	from sim.NodeID
	msg  any
}

// sink hands what it receives to a channel.
type sink struct{ ch chan got }

func (s sink) Start(sim.Env) {}
func (s sink) Receive(_ sim.Env, from sim.NodeID, msg any) {
	s.ch <- got{from, msg}
}

func rich() Rich {
	return Rich{Seq: 1<<64 - 1, Names: []string{"a", ""}, ByKey: map[string]Inner{"k": {N: 3}},
		ByNum: map[int]string{-2: "minus two"}, Ptr: &Inner{N: 7}, Raw: []byte{0, 255}, Arr: [3]int8{-1, 0, 1}, F: 0.1}
}

func TestMessagesCrossTheNetworkByValue(t *testing.T) {
	c := newCluster(t, 2, Rich{}, Empty{}, &Inner{})
	ch := make(chan got, 8)
	c.start(0, func() sim.Node { return sink{ch} })
	sender := c.start(1, func() sim.Node { return idle{} })

	require.NoError(t, sender.Do(func(env sim.Env) {
		m := rich()
		env.Send(0, m)
		m.Names[0] = "changed after Send"
		m.ByKey["k"] = Inner{N: 99}
		m.Ptr.N = 99
		env.Send(0, Empty{})
		env.Send(0, &Inner{N: 5})
	}))
	// One connection carries a sender's messages in order.
	r := recv(t, ch)
	assert.Equal(t, sim.NodeID(1), r.from)
	assert.Equal(t, rich(), r.msg)
	assert.Equal(t, Empty{}, recv(t, ch).msg)
	assert.Equal(t, &Inner{N: 5}, recv(t, ch).msg)
}

func TestMessageToSelf(t *testing.T) {
	c := newCluster(t, 1, Rich{})
	ch := make(chan got, 1)
	n := c.start(0, func() sim.Node { return sink{ch} })
	require.NoError(t, n.Do(func(env sim.Env) {
		m := rich()
		env.Send(0, m)
		m.Ptr.N = 99
	}))
	r := recv(t, ch)
	assert.Equal(t, got{0, rich()}, r)
}

func TestUnlistedMessageTypeStopsTheSender(t *testing.T) {
	c := newCluster(t, 2)
	c.start(0, func() sim.Node { return idle{} })
	n := c.start(1, func() sim.Node { return idle{} })
	err := n.Do(func(env sim.Env) { env.Send(0, Inner{}) })
	require.ErrorIs(t, err, live.ErrStopped)
	err = waitStopped(t, n)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "live_test.Inner is not listed in Config.Types")
	delete(c.running, 1)
}

func TestPanicInAHandlerStopsTheNode(t *testing.T) {
	c := newCluster(t, 1)
	n := c.start(0, func() sim.Node { return idle{} })
	require.NoError(t, n.Do(func(env sim.Env) {
		env.After(0, func() { panic("boom") })
	}))
	err := waitStopped(t, n)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "boom")
	delete(c.running, 0)
	assert.ErrorIs(t, n.Do(func(sim.Env) {}), live.ErrStopped)
}

type WithInterface struct{ V any }
type WithFunc struct{ F func() }
type withUnexported struct{ n int }

func TestTypesThatCannotTravelAreRejected(t *testing.T) {
	for _, tc := range []struct {
		typ  any
		want string
	}{
		{WithInterface{}, "interface"},
		{WithFunc{}, "func"},
		{withUnexported{}, "unexported"},
		{map[Inner]int{}, "keys of kind struct"},
		{nil, "nil value"},
	} {
		c := newCluster(t, 1)
		cfg := c.config(0, func() sim.Node { return idle{} })
		cfg.Types = []any{tc.typ}
		_, err := live.Start(t.Context(), cfg)
		require.Error(t, err, "%T", tc.typ)
		assert.Contains(t, err.Error(), tc.want)
	}
}

// syncBuffer is a buffer that the node's goroutines may write at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) lines(t *testing.T) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(s.b.Bytes()), []byte("\n")) {
		var m map[string]any
		require.NoError(t, json.Unmarshal(line, &m), "%s", line)
		out = append(out, m)
	}
	return out
}

func TestEmitAndLogfGoToTheLog(t *testing.T) {
	c := newCluster(t, 1)
	buf := &syncBuffer{}
	cfg := c.config(0, func() sim.Node { return idle{} })
	cfg.Name = "alpha"
	cfg.Log = buf
	var emitted []any
	cfg.OnEmit = func(v any) { emitted = append(emitted, v) }
	n := c.startWith(cfg)
	require.NoError(t, n.Do(func(env sim.Env) {
		env.Logf("hello %d", 42)
		env.Emit(Inner{N: 3})
	}))
	c.stop(0)
	assert.Equal(t, []any{Inner{N: 3}}, emitted)

	var msgs []string
	for _, l := range buf.lines(t) {
		assert.Equal(t, "alpha", l["node"])
		assert.Equal(t, float64(1), l["inc"])
		msgs = append(msgs, l["msg"].(string))
		if l["msg"] == "emit" {
			assert.Equal(t, "live_test.Inner", l["type"])
			assert.Equal(t, map[string]any{"N": float64(3)}, l["value"])
		}
	}
	assert.Equal(t, []string{"start", "hello 42", "emit", "stop"}, msgs)
}

func TestUnlistedMessageTypeIsDroppedByTheReceiver(t *testing.T) {
	c := newCluster(t, 2, Empty{})
	ch := make(chan got, 2)
	c.start(0, func() sim.Node { return sink{ch} })
	cfg := c.config(1, func() sim.Node { return idle{} })
	cfg.Types = []any{Empty{}, Inner{}} // the sender knows a type more
	sender := c.startWith(cfg)
	require.NoError(t, sender.Do(func(env sim.Env) {
		env.Send(0, Inner{N: 1})
		env.Send(0, Empty{})
	}))
	assert.Equal(t, Empty{}, recv(t, ch).msg, "the Inner was dropped, and what came after it arrived")
}

func TestMessagesToANodeThatIsDownAreLostNotQueued(t *testing.T) {
	c := newCluster(t, 2, Inner{})
	ch := make(chan got, 100)
	c.start(0, func() sim.Node { return sink{ch} })
	log := &syncBuffer{}
	cfg := c.config(1, func() sim.Node { return idle{} })
	cfg.Log = log
	sender := c.startWith(cfg)
	c.stop(0)
	require.NoError(t, sender.Do(func(env sim.Env) { env.Send(0, Inner{N: 1}) }))
	// The sender tried to reach node 0 for that message, and could not.
	require.Eventually(t, func() bool { return strings.Contains(log.String(), "cannot reach a peer") },
		bound, time.Millisecond)
	c.start(0, func() sim.Node { return sink{ch} })

	// Send until something arrives: the first message was lost, not
	// held back for the restarted node.
	var r got
	deadline := time.Now().Add(bound)
	for n := 2; ; n++ {
		require.NoError(t, sender.Do(func(env sim.Env) { env.Send(0, Inner{N: n}) }))
		select {
		case r = <-ch:
		case <-time.After(10 * time.Millisecond):
			require.True(t, time.Now().Before(deadline), "nothing arrived after the restart")
			continue
		}
		break
	}
	assert.Greater(t, r.msg.(Inner).N, 1, "a message sent while the node was down arrived")
}
