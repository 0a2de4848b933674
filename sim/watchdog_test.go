package sim

import (
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hangTimeout is the watchdog's patience in these tests: short, so that
// they are quick.
const hangTimeout = 100 * time.Millisecond

// spinNode loops without end on its first message, calling nothing, until
// the test releases it at cleanup so that it does not burn a CPU for the
// rest of the test binary.
type spinNode struct{ release *atomic.Bool }

func (s *spinNode) Start(Env) {}

func (s *spinNode) Receive(env Env, from NodeID, msg any) { s.spin() }

func (s *spinNode) spin() {
	for !s.release.Load() {
	}
}

// blockNode waits on a channel that nothing sends on, in its timer.
type blockNode struct{ ch chan struct{} }

func (b *blockNode) Start(env Env) { env.After(2*time.Millisecond, b.wait) }

func (b *blockNode) wait() { <-b.ch }

func (b *blockNode) Receive(Env, NodeID, any) {}

// checkNextWorldRuns checks that the process can run another world after
// one was abandoned.
func checkNextWorldRuns(t *testing.T) {
	t.Helper()
	w := runGossip(t, 5, Options{HandlerTimeout: hangTimeout})
	assert.Equal(t, runGossip(t, 5, Options{HandlerTimeout: -1}).Fingerprint(), w.Fingerprint())
}

func TestWatchdogCatchesInfiniteLoop(t *testing.T) {
	release := &atomic.Bool{}
	t.Cleanup(func() { release.Store(true) })
	w := newWorld(t, Options{Seed: 41, HandlerTimeout: hangTimeout, Net: NetConfig{Latency: 3 * time.Millisecond}})
	addNode(t, w, "calm", calm)
	addNode(t, w, "client", starter(func(env Env) { env.Send(2, num{N: 1}) }))
	addNode(t, w, "spinner", func() Node { return &spinNode{release: release} })

	err := w.Run(time.Second)
	var herr *HangError
	require.ErrorAs(t, err, &herr)
	assert.Equal(t, int64(41), herr.Seed)
	assert.Equal(t, "spinner", herr.Node)
	assert.Equal(t, "deliver from client (sim.num)", herr.Event)
	assert.Equal(t, 3*time.Millisecond, herr.Time)
	assert.GreaterOrEqual(t, herr.Waited, hangTimeout)
	assert.Contains(t, herr.Stack, "sim.(*spinNode).spin")
	assert.Contains(t, herr.Stack, "watchdog_test.go")
	assert.NotContains(t, herr.Stack, "(*World).loop", "the stack is trimmed to the node's frames")
	msg := herr.Error()
	for _, want := range []string{"seed 41", "node spinner is stuck", "deliver from client (sim.num)", "0.003000s", "(*spinNode).spin"} {
		assert.Contains(t, msg, want)
	}
	assert.ErrorIs(t, w.Run(2*time.Second), err, "the world has finished")
	checkNextWorldRuns(t)
}

func TestWatchdogCatchesBlockedHandler(t *testing.T) {
	ch := make(chan struct{})
	t.Cleanup(func() { close(ch) })
	w := newWorld(t, Options{Seed: 42, HandlerTimeout: hangTimeout})
	addNode(t, w, "blocker", func() Node { return &blockNode{ch: ch} })
	err := w.Run(time.Second)
	var herr *HangError
	require.ErrorAs(t, err, &herr)
	assert.Equal(t, int64(42), herr.Seed)
	assert.Equal(t, "blocker", herr.Node)
	assert.Equal(t, "timer", herr.Event)
	assert.Equal(t, 2*time.Millisecond, herr.Time)
	assert.Contains(t, herr.Stack, "chan receive")
	assert.Contains(t, herr.Stack, "sim.(*blockNode).wait")
	checkNextWorldRuns(t)
}

func TestWatchdogCatchesStuckObserver(t *testing.T) {
	ch := make(chan struct{})
	t.Cleanup(func() { close(ch) })
	w := newWorld(t, Options{HandlerTimeout: hangTimeout, Net: NetConfig{Latency: time.Millisecond}})
	a := addNode(t, w, "a", idle)
	b := addNode(t, w, "b", idle)
	sendAt(w, 0, a, b, num{N: 1})
	w.At(500*time.Microsecond, func() { assert.NoError(t, w.Crash(b)) })
	w.Observe(func(ev Event) error {
		if ev.Kind == KindDrop {
			<-ch
		}
		return nil
	})
	var herr *HangError
	require.ErrorAs(t, w.Run(time.Second), &herr)
	assert.Equal(t, "b", herr.Node)
	assert.Equal(t, "drop of a message from a (sim.num)", herr.Event)
	assert.Equal(t, time.Millisecond, herr.Time)
	assert.Contains(t, herr.Stack, "TestWatchdogCatchesStuckObserver")
}

func TestCheckDeterminismStopsAtHang(t *testing.T) {
	ch := make(chan struct{})
	t.Cleanup(func() { close(ch) })
	calls := 0
	_, err := CheckDeterminism(Options{HandlerTimeout: hangTimeout}, func(w *World) error {
		calls++
		w.MustAddNode("blocker", func() Node { return &blockNode{ch: ch} })
		return w.Run(time.Second)
	})
	var herr *HangError
	require.ErrorAs(t, err, &herr)
	assert.Equal(t, 1, calls, "no second run after a hang")
}

// panicNode panics in its handler.
type panicNode struct{ value any }

func (p *panicNode) Start(Env) {}

func (p *panicNode) Receive(env Env, from NodeID, msg any) { p.explode() }

func (p *panicNode) explode() { panic(p.value) }

func TestPanicInHandler(t *testing.T) {
	errBad := errors.New("bad state")
	for _, watchdog := range []time.Duration{hangTimeout, -1} {
		for _, value := range []any{"boom", errBad} {
			w := newWorld(t, Options{Seed: 1234, HandlerTimeout: watchdog, Net: NetConfig{Latency: time.Millisecond}})
			addNode(t, w, "client", starter(func(env Env) { env.Send(1, tagged{From: 0, Seq: 1}) }))
			addNode(t, w, "victim", func() Node { return &panicNode{value: value} })
			err := w.Run(time.Second)
			var perr *PanicError
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, int64(1234), perr.Seed)
			assert.Equal(t, "victim", perr.Node)
			assert.Equal(t, "deliver from client: sim.tagged{From:n0 Seq:1}", perr.Event)
			assert.Equal(t, time.Millisecond, perr.Time)
			assert.Equal(t, value, perr.Value)
			assert.False(t, perr.Usage)
			assert.Contains(t, perr.Error(), "seed 1234")
			assert.Contains(t, perr.Error(), "node victim panicked at 0.001000s handling deliver from client: sim.tagged{From:n0 Seq:1}")

			// The stack starts at the panicking function and stops at the
			// node's own frames.
			lines := strings.Split(perr.Stack, "\n")
			require.GreaterOrEqual(t, len(lines), 5, perr.Stack)
			assert.True(t, strings.HasPrefix(lines[0], "goroutine "), lines[0])
			assert.True(t, strings.HasPrefix(lines[1], "github.com/distlab/distlab/sim.(*panicNode).explode("), lines[1])
			assert.Contains(t, lines[2], "watchdog_test.go")
			assert.True(t, strings.HasPrefix(lines[3], "github.com/distlab/distlab/sim.(*panicNode).Receive("), lines[3])
			assert.NotContains(t, perr.Stack, "runtime/debug")
			assert.NotContains(t, perr.Stack, "(*World)")
			assert.Contains(t, perr.Error(), perr.Stack)
			if value == errBad {
				assert.ErrorIs(t, err, errBad)
			}
		}
	}
	checkNextWorldRuns(t)
}

func TestPanicInWorldCallback(t *testing.T) {
	w := newWorld(t, Options{Seed: 3})
	addNode(t, w, "a", idle)
	w.At(time.Second, func() { panic("scheduled failure") })
	var perr *PanicError
	require.ErrorAs(t, w.Run(time.Hour), &perr)
	assert.Equal(t, "-", perr.Node)
	assert.Equal(t, "world", perr.Event)
	assert.Equal(t, time.Second, perr.Time)
	assert.Contains(t, perr.Stack, "TestPanicInWorldCallback")
}

func TestPanicInObserver(t *testing.T) {
	w := newWorld(t, Options{})
	addNode(t, w, "a", starter(func(env Env) { env.Emit("x") }))
	w.Observe(func(ev Event) error {
		if ev.Kind == KindCustom {
			panic("observer bug")
		}
		return nil
	})
	var perr *PanicError
	require.ErrorAs(t, w.Run(time.Second), &perr)
	assert.Equal(t, "a", perr.Node)
	assert.Equal(t, "#2 a custom string(x)", perr.Event, "the event the observer saw")
	assert.True(t, perr.Observer)
	assert.Equal(t, "observer bug", perr.Value)
}

func TestGoexitInHandlerEndsRun(t *testing.T) {
	w := newWorld(t, Options{HandlerTimeout: hangTimeout})
	after := false
	addNode(t, w, "quitter", starter(func(env Env) {
		env.After(time.Millisecond, func() {
			runtime.Goexit() // what t.FailNow and require do
		})
		env.After(2*time.Millisecond, func() { after = true })
	}))
	err := w.Run(time.Second)
	require.ErrorIs(t, err, errGoexit)
	assert.Contains(t, err.Error(), "runtime.Goexit")
	assert.False(t, after)
	assert.ErrorIs(t, w.Run(2*time.Second), errGoexit, "the world has finished")
	checkNextWorldRuns(t)
}

func TestGoexitInObserverEndsRun(t *testing.T) {
	w := newWorld(t, Options{HandlerTimeout: hangTimeout})
	addNode(t, w, "a", calm)
	w.Observe(func(ev Event) error {
		if ev.Kind == KindTimer {
			runtime.Goexit()
		}
		return nil
	})
	require.ErrorIs(t, w.Run(time.Second), errGoexit)
}

func TestWithin(t *testing.T) {
	assert.NoError(t, Within(time.Second, "a quick call", func() {}))

	release := make(chan struct{})
	defer close(release)
	err := Within(50*time.Millisecond, "Ring.Successors(\"k\", 3)", func() { stuckInWithin(release) })
	var herr *HangError
	require.ErrorAs(t, err, &herr)
	assert.Equal(t, "", herr.Node)
	assert.Contains(t, err.Error(), `sim: Ring.Successors("k", 3) has not returned after 50ms of wall time (an infinite loop?)`)
	assert.Contains(t, herr.Stack, "stuckInWithin", "the stack shows where it is stuck")

	assert.PanicsWithValue(t, "boom", func() { _ = Within(time.Second, "a panicking call", func() { panic("boom") }) })
}

// stuckInWithin blocks until release is closed.
func stuckInWithin(release chan struct{}) { <-release }

func TestStuckCountsAbandonedGoroutines(t *testing.T) {
	// Earlier tests release their stuck goroutines when they end; wait
	// for those to exit.
	require.Eventually(t, func() bool { return Stuck() == 0 }, 5*time.Second, time.Millisecond)
	before := Stuck()
	release := make(chan struct{})
	err := Within(20*time.Millisecond, "a blocked call", func() { <-release })
	require.Error(t, err)
	assert.Equal(t, before+1, Stuck(), "the abandoned goroutine counts")
	close(release)
	require.Eventually(t, func() bool { return Stuck() == before }, 5*time.Second, time.Millisecond,
		"the count drops when the goroutine exits")
}
