package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dropsOf returns the drop events as "time msg reason" lines.
func dropsOf(evs []Event) []string {
	var out []string
	for _, ev := range ofKind(evs, KindDrop) {
		out = append(out, fmt.Sprintf("%v %v %s", ev.Time, ev.Msg, ev.Detail))
	}
	return out
}

func TestCrashDropsMessagesInFlight(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: 10 * time.Millisecond}})
	evs := record(w)
	a := addNode(t, w, "a", idle)
	var got []string
	b := addNode(t, w, "b", receiver(func(env Env, _ NodeID, msg any) {
		got = append(got, fmt.Sprintf("%v inc%d %v", env.Now(), env.Incarnation(), msg))
	}))
	sendAt(w, 1*time.Millisecond, a, b, num{N: 1})  // in flight at the crash, arrives while down
	sendAt(w, 3*time.Millisecond, a, b, num{N: 2})  // in flight at the crash, arrives after the restart
	sendAt(w, 6*time.Millisecond, a, b, num{N: 3})  // sent while down, arrives after the restart
	sendAt(w, 14*time.Millisecond, a, b, num{N: 4}) // sent after the restart
	w.At(5*time.Millisecond, func() { assert.NoError(t, w.Crash(b)) })
	w.At(12*time.Millisecond, func() { assert.NoError(t, w.Restart(b)) })
	require.NoError(t, w.Run(time.Second))

	assert.Equal(t, []string{"11ms {1} down", "13ms {2} restarted"}, dropsOf(*evs))
	assert.Equal(t, []string{"16ms inc2 {3}", "24ms inc2 {4}"}, got)
	assert.Equal(t, uint64(2), w.Stats().Dropped)
}

func TestMessageToDownNodeRestartedTwiceIsDropped(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: 10 * time.Millisecond}})
	evs := record(w)
	a := addNode(t, w, "a", idle)
	b, _ := addSink(t, w, "b")
	w.At(time.Millisecond, func() { assert.NoError(t, w.Crash(b)) })
	sendAt(w, 2*time.Millisecond, a, b, num{N: 1})
	w.At(3*time.Millisecond, func() { assert.NoError(t, w.Restart(b)) })
	w.At(4*time.Millisecond, func() { assert.NoError(t, w.Crash(b)) })
	w.At(5*time.Millisecond, func() { assert.NoError(t, w.Restart(b)) })
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []string{"12ms {1} restarted"}, dropsOf(*evs))
	assert.Empty(t, w.Node(b).(*sink).got)
}

// durable is a node that counts messages in a field and in its Storage,
// and keeps per-incarnation state in its hooks.
type durable struct {
	seen        int
	incarnation uint64
	intercepted int
}

func (d *durable) Start(env Env) {
	d.incarnation = env.Incarnation()
	h := HooksOf(env)
	if h.Value("boot") != nil {
		panic("a hooks value survived a restart")
	}
	h.SetValue("boot", d.incarnation)
	h.Intercept(func(from NodeID, msg any) bool {
		d.intercepted++
		return false
	})
}

func (d *durable) Receive(env Env, from NodeID, msg any) {
	d.seen++
	st := env.Storage()
	total := 0
	if b, ok := st.Get("total"); ok {
		total = int(b[0])
	}
	st.Put("total", []byte{byte(total + 1)})
}

func TestRestartBuildsFreshInstanceAndKeepsStorage(t *testing.T) {
	w := newWorld(t, Options{})
	built := 0
	a := addNode(t, w, "a", idle)
	d := addNode(t, w, "d", func() Node { built++; return &durable{} })
	for i := range 3 {
		sendAt(w, time.Duration(i+1)*time.Millisecond, a, d, num{N: i})
	}
	require.NoError(t, w.Run(10*time.Millisecond))
	first := w.Node(d).(*durable)
	require.Equal(t, 3, first.seen)
	require.Equal(t, 3, first.intercepted)
	firstRand := envOf(w, d).Rand().Uint64()

	require.NoError(t, w.Crash(d))
	assert.Nil(t, w.Node(d), "no instance while down")
	assert.False(t, w.Up(d))
	require.NoError(t, w.Restart(d))
	require.NoError(t, w.Run(20*time.Millisecond))

	second := w.Node(d).(*durable)
	assert.NotSame(t, first, second, "a fresh instance")
	assert.Equal(t, 2, built, "one factory call per incarnation")
	assert.Equal(t, uint64(2), second.incarnation)
	assert.Equal(t, 0, second.seen, "fields start from zero")
	assert.Equal(t, uint64(2), HooksOf(envOf(w, d)).Value("boot"), "hooks values are per incarnation")
	assert.NotEqual(t, firstRand, envOf(w, d).Rand().Uint64(), "each incarnation has its own random stream")

	sendAt(w, 25*time.Millisecond, a, d, num{N: 9})
	require.NoError(t, w.Run(30*time.Millisecond))
	assert.Equal(t, 1, second.seen)
	assert.Equal(t, 1, second.intercepted, "the old incarnation's interceptor is gone")
	assert.Equal(t, 3, first.intercepted)
	v, ok := w.Storage(d).Get("total")
	require.True(t, ok)
	assert.Equal(t, []byte{4}, v, "Storage kept the count across the restart")
}

func TestLifecycleEvents(t *testing.T) {
	w := newWorld(t, Options{})
	evs := record(w)
	a := addNode(t, w, "a", idle)
	w.At(time.Millisecond, func() { assert.NoError(t, w.Pause(a)) })
	w.At(2*time.Millisecond, func() { assert.NoError(t, w.Resume(a)) })
	w.At(3*time.Millisecond, func() { assert.NoError(t, w.Crash(a)) })
	w.At(4*time.Millisecond, func() { assert.NoError(t, w.Restart(a)) })
	require.NoError(t, w.Run(time.Second))
	var got []string
	for _, ev := range *evs {
		if ev.Kind != KindWorld {
			got = append(got, fmt.Sprintf("%v %v %v", ev.Time, ev.Kind, ev.Node))
		}
	}
	assert.Equal(t, []string{"0s start n0", "1ms pause n0", "2ms resume n0", "3ms crash n0", "4ms restart n0", "4ms start n0"}, got)
}

func TestStorageCopiesValues(t *testing.T) {
	w := newWorld(t, Options{})
	a := addNode(t, w, "a", idle)
	require.NoError(t, w.Run(0))
	st := envOf(w, a).Storage()

	in := []byte("abc")
	st.Put("k", in)
	in[0] = 'X'
	out, ok := st.Get("k")
	require.True(t, ok)
	assert.Equal(t, []byte("abc"), out, "changing the slice after Put does not change the store")
	out[1] = 'Y'
	again, _ := st.Get("k")
	assert.Equal(t, []byte("abc"), again, "changing what Get returned does not change the store")

	st.Put("k/2", nil)
	st.Put("k/1", []byte{})
	st.Put("other", []byte("x"))
	assert.Equal(t, []string{"k", "k/1", "k/2"}, st.Keys("k"))
	assert.Equal(t, []string{"k", "k/1", "k/2", "other"}, st.Keys(""))
	st.Delete("k")
	st.Delete("missing")
	_, ok = st.Get("k")
	assert.False(t, ok)
	v, ok := st.Get("k/2")
	assert.True(t, ok, "an empty value is stored")
	assert.Empty(t, v)
	assert.Equal(t, []string{"k/1", "k/2"}, w.Storage(a).Keys("k/"))
}

func TestCrashedEnvIsInert(t *testing.T) {
	w := newWorld(t, Options{})
	evs := record(w)
	a := addNode(t, w, "a", idle)
	b, s := addSink(t, w, "b")
	require.NoError(t, w.Run(0))
	old := envOf(w, a)
	old.Storage().Put("k", []byte("v"))
	require.NoError(t, w.Crash(a))
	before := len(*evs)

	old.Send(b, num{N: 1})
	old.Emit("gone")
	old.Storage().Put("k", []byte("overwritten"))
	old.Storage().Put("k2", []byte("new"))
	_, ok := old.Storage().Get("k")
	assert.False(t, ok, "a crashed incarnation reads nothing")

	require.NoError(t, w.Restart(a))
	require.NoError(t, w.Run(time.Second))
	assert.Empty(t, s.got)
	assert.Equal(t, []Kind{KindRestart, KindStart}, kinds((*evs)[before:]))
	v, _ := w.Storage(a).Get("k")
	assert.Equal(t, []byte("v"), v)
	assert.Equal(t, []string{"k"}, w.Storage(a).Keys(""))
}

func TestLifecycleErrors(t *testing.T) {
	cases := []struct {
		name string
		op   func(w *World) error
		want string
	}{
		{"restart a running node", func(w *World) error { return w.Restart(0) }, "Restart(a): the node is up"},
		{"crash a down node", func(w *World) error { return w.Crash(1) }, "Crash(b): the node is already down"},
		{"pause a down node", func(w *World) error { return w.Pause(1) }, "Pause(b): the node is down"},
		{"pause a paused node", func(w *World) error { return w.Pause(2) }, "Pause(c): the node is already paused"},
		{"resume a running node", func(w *World) error { return w.Resume(0) }, "Resume(a): the node is not paused"},
		{"resume a down node", func(w *World) error { return w.Resume(1) }, "Resume(b): the node is not paused"},
		{"crash unknown", func(w *World) error { return w.Crash(3) }, "Crash: unknown node 3"},
		{"restart unknown", func(w *World) error { return w.Restart(-1) }, "Restart: unknown node -1"},
		{"pause unknown", func(w *World) error { return w.Pause(9) }, "Pause: unknown node 9"},
		{"resume unknown", func(w *World) error { return w.Resume(9) }, "Resume: unknown node 9"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, Options{})
			for _, name := range []string{"a", "b", "c"} {
				addNode(t, w, name, idle)
			}
			require.NoError(t, w.Crash(1))
			require.NoError(t, w.Pause(2))
			err := tc.op(w)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Equal(t, err, w.Err())
			runErr := w.Run(time.Second)
			assert.ErrorIs(t, runErr, err)
			assert.ErrorIs(t, runErr, errFinished)
		})
	}
}

func TestRestartWithNilFactoryResult(t *testing.T) {
	w := newWorld(t, Options{})
	calls := 0
	a := addNode(t, w, "a", func() Node {
		calls++
		if calls > 1 {
			return nil
		}
		return &fnNode{}
	})
	require.NoError(t, w.Crash(a))
	err := w.Restart(a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Restart(a): the factory returned nil")
	assert.False(t, w.Up(a))
}

// TestPauseHoldsEventsUntilResume pauses a node that has timers and
// messages coming, and checks they all happen at the resume, in the order
// they came due.
func TestPauseHoldsEventsUntilResume(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: time.Millisecond}})
	var got []string
	a := addNode(t, w, "a", idle)
	b := addNode(t, w, "b", func() Node {
		return &fnNode{
			start: func(env Env) {
				for _, d := range []time.Duration{7 * time.Millisecond, 8*time.Millisecond + 500*time.Microsecond} {
					env.After(d, func() { got = append(got, fmt.Sprintf("%v timer %v", env.Now(), d)) })
				}
			},
			recv: func(env Env, from NodeID, msg any) {
				got = append(got, fmt.Sprintf("%v msg %v", env.Now(), msg))
			},
		}
	})
	w.At(5*time.Millisecond, func() { assert.NoError(t, w.Pause(b)) })
	for i, at := range []time.Duration{4, 5, 6, 7, 8, 19} {
		sendAt(w, at*time.Millisecond, a, b, num{N: i})
	}
	// The resume is scheduled before the message due at 20ms is sent, so
	// it comes first among the events of that instant; held events still
	// come before that message.
	w.At(20*time.Millisecond, func() {
		assert.True(t, w.Paused(b))
		assert.True(t, w.Up(b))
		assert.NoError(t, w.Resume(b))
	})
	require.NoError(t, w.Run(time.Second))
	// Message 0 is due at 5ms, after the pause (scheduled earlier); the
	// 7ms timer was set before message 2 was sent, so it goes first.
	assert.Equal(t, []string{
		"20ms msg {0}",
		"20ms msg {1}",
		"20ms timer 7ms",
		"20ms msg {2}",
		"20ms msg {3}",
		"20ms timer 8.5ms",
		"20ms msg {4}",
		"20ms msg {5}",
	}, got)
	assert.False(t, w.Paused(b))
}

func TestCrashWhilePausedDropsHeldEvents(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: time.Millisecond}})
	evs := record(w)
	a := addNode(t, w, "a", idle)
	fired := 0
	b := addNode(t, w, "b", starter(func(env Env) {
		if env.Incarnation() == 1 {
			env.After(3*time.Millisecond, func() { fired++ })
		}
	}))
	w.At(time.Millisecond, func() { assert.NoError(t, w.Pause(b)) })
	sendAt(w, 2*time.Millisecond, a, b, num{N: 1})
	w.At(5*time.Millisecond, func() { assert.NoError(t, w.Crash(b)) })
	w.At(6*time.Millisecond, func() {
		assert.False(t, w.Paused(b))
		assert.NoError(t, w.Restart(b))
	})
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []string{"5ms {1} restarted"}, dropsOf(*evs))
	assert.Zero(t, fired)
	assert.Empty(t, ofKind(*evs, KindDeliver))
	assert.Empty(t, ofKind(*evs, KindTimer))
}

func TestPausedNodeStartsOnResume(t *testing.T) {
	w := newWorld(t, Options{})
	var startedAt []time.Duration
	w.At(0, func() {
		id := addNode(t, w, "late", starter(func(env Env) { startedAt = append(startedAt, env.Now()) }))
		assert.NoError(t, w.Pause(id))
		w.At(3*time.Millisecond, func() { assert.NoError(t, w.Resume(id)) })
	})
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []time.Duration{3 * time.Millisecond}, startedAt)
}
