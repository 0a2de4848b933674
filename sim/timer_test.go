package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimerStopBeforeFiring(t *testing.T) {
	w := newWorld(t, Options{})
	var fired []string
	var tm, other Timer
	addNode(t, w, "a", starter(func(env Env) {
		tm = env.After(10*time.Millisecond, func() { fired = append(fired, "stopped one") })
		other = env.After(10*time.Millisecond, func() { fired = append(fired, "other") })
	}))
	require.NoError(t, w.Run(time.Millisecond))
	require.True(t, tm.Pending())
	assert.True(t, tm.Stop(), "stopping a pending timer")
	assert.False(t, tm.Pending())
	assert.False(t, tm.Stop(), "stopping it again")
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []string{"other"}, fired)
	assert.False(t, other.Pending())
	assert.Equal(t, uint64(1), w.Stats().Timers)
}

func TestTimerStopAfterFiring(t *testing.T) {
	w := newWorld(t, Options{})
	fired := 0
	var tm Timer
	addNode(t, w, "a", starter(func(env Env) {
		tm = env.After(time.Millisecond, func() { fired++ })
	}))
	require.NoError(t, w.Run(time.Second))
	require.Equal(t, 1, fired)
	assert.False(t, tm.Pending())
	assert.False(t, tm.Stop())
}

func TestStaleTimerDoesNotCancelNewOwnerOfItsSlot(t *testing.T) {
	w := newWorld(t, Options{})
	var env Env
	addNode(t, w, "a", starter(func(e Env) { env = e }))
	require.NoError(t, w.Run(0))

	var fired []string
	old := env.After(time.Millisecond, func() { fired = append(fired, "old") })
	require.NoError(t, w.Run(2*time.Millisecond))
	fresh := env.After(time.Millisecond, func() { fired = append(fired, "fresh") })
	require.Equal(t, old.slot, fresh.slot, "the test needs the new timer to reuse the old one's slot")

	assert.False(t, old.Pending())
	assert.False(t, old.Stop(), "a stale handle stops nothing")
	assert.True(t, fresh.Pending())
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []string{"old", "fresh"}, fired)
}

func TestZeroTimer(t *testing.T) {
	var tm Timer
	assert.False(t, tm.Pending())
	assert.False(t, tm.Stop())
}

func TestWorldTimerStop(t *testing.T) {
	w := newWorld(t, Options{})
	evs := record(w)
	ran := false
	tm := w.At(time.Second, func() { ran = true })
	kept := w.At(time.Second, func() {})
	require.True(t, tm.Pending())
	require.True(t, tm.Stop())
	require.NoError(t, w.Run(2*time.Second))
	assert.False(t, ran)
	assert.False(t, kept.Pending())
	assert.Len(t, ofKind(*evs, KindWorld), 1, "only the callback that was not stopped ran")
}

func TestNegativeTimerDelayIsUsagePanic(t *testing.T) {
	w := newWorld(t, Options{Seed: 31})
	addNode(t, w, "neg", starter(func(env Env) {
		env.After(-time.Nanosecond, func() {})
	}))
	err := w.Run(time.Second)
	var perr *PanicError
	require.ErrorAs(t, err, &perr)
	assert.True(t, perr.Usage)
	assert.Equal(t, "neg", perr.Node)
	assert.Equal(t, "start", perr.Event)
	assert.Equal(t, int64(31), perr.Seed)
	assert.Contains(t, perr.Error(), "negative")
	assert.Contains(t, perr.Error(), "misused the simulator")
}

func TestNilTimerFuncIsUsagePanic(t *testing.T) {
	w := newWorld(t, Options{})
	addNode(t, w, "nilfn", starter(func(env Env) { env.After(time.Second, nil) }))
	var perr *PanicError
	require.ErrorAs(t, w.Run(time.Second), &perr)
	assert.True(t, perr.Usage)
	assert.Contains(t, perr.Error(), "nil func")
}

// TestTimersOfCrashedIncarnationNeverFire crashes a node with timers
// pending and restarts it before they are due: they must not fire, in the
// old incarnation or the new one, and their handles must say so.
func TestTimersOfCrashedIncarnationNeverFire(t *testing.T) {
	w := newWorld(t, Options{})
	type firing struct {
		inc   uint64
		label string
	}
	var fired []firing
	var handles []Timer
	a := addNode(t, w, "a", starter(func(env Env) {
		inc := env.Incarnation()
		for _, d := range []time.Duration{10 * time.Millisecond, 20 * time.Millisecond} {
			handles = append(handles, env.After(d, func() { fired = append(fired, firing{inc, d.String()}) }))
		}
	}))
	w.At(5*time.Millisecond, func() { assert.NoError(t, w.Crash(a)) })
	w.At(6*time.Millisecond, func() { assert.NoError(t, w.Restart(a)) })
	w.At(6*time.Millisecond, func() {
		// The first incarnation's handles, after the crash and restart.
		for _, h := range handles[:2] {
			assert.False(t, h.Pending(), "a crashed incarnation's timer is not pending")
			assert.False(t, h.Stop(), "a crashed incarnation's timer cannot be stopped")
		}
	})
	require.NoError(t, w.Run(time.Second))
	require.Len(t, handles, 4, "both incarnations set their timers")
	// Only the second incarnation's timers fire, at 16ms and 26ms.
	assert.Equal(t, []firing{{2, "10ms"}, {2, "20ms"}}, fired)
	assert.Equal(t, uint64(2), w.Stats().Timers)
}

// TestCrashedEnvSetsNoTimers checks that a crashed incarnation's Env
// schedules nothing.
func TestCrashedEnvSetsNoTimers(t *testing.T) {
	w := newWorld(t, Options{})
	var env Env
	a := addNode(t, w, "a", starter(func(e Env) { env = e }))
	require.NoError(t, w.Run(0))
	require.NoError(t, w.Crash(a))
	ran := false
	tm := env.After(time.Millisecond, func() { ran = true })
	assert.Equal(t, Timer{}, tm)
	require.NoError(t, w.Restart(a))
	require.NoError(t, w.Run(time.Second))
	assert.False(t, ran)
}

func TestTimerFiresAtItsTime(t *testing.T) {
	w := newWorld(t, Options{})
	var at []time.Duration
	addNode(t, w, "a", starter(func(env Env) {
		for _, d := range []time.Duration{3 * time.Millisecond, time.Millisecond, 0, 2 * time.Millisecond} {
			env.After(d, func() { at = append(at, env.Now()) })
		}
	}))
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []time.Duration{0, time.Millisecond, 2 * time.Millisecond, 3 * time.Millisecond}, at)
	assert.Equal(t, time.Second, w.Now())
	assert.NoError(t, w.Err())
}
