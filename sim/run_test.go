package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunUntilStopsAtTheEventThatMadeItTrue(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: 2 * time.Millisecond}})
	addNode(t, w, "a", blaster(1, 5, 0))
	_, s := addSink(t, w, "b")
	checks := 0
	met, err := w.RunUntil(time.Second, func() bool {
		checks++
		return len(s.got) >= 3
	})
	require.NoError(t, err)
	assert.True(t, met)
	assert.Len(t, s.got, 3, "the two messages due at the same instant wait")
	assert.Equal(t, 2*time.Millisecond, w.Now())
	// Checked before the first event, then after each: two starts (the
	// first sends the five messages), three deliveries.
	assert.Equal(t, 1+2+3, checks)

	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []int{0, 1, 2, 3, 4}, seqs(s))
}

func TestRunUntilDeadline(t *testing.T) {
	w := newWorld(t, Options{})
	addNode(t, w, "a", calm)
	met, err := w.RunUntil(10*time.Millisecond+time.Microsecond, func() bool { return false })
	require.NoError(t, err)
	assert.False(t, met)
	assert.Equal(t, 10*time.Millisecond+time.Microsecond, w.Now(), "the clock ends at the deadline")
	assert.Equal(t, uint64(10), w.Stats().Timers)
}

func TestRunUntilAlreadyTrue(t *testing.T) {
	w := newWorld(t, Options{})
	addNode(t, w, "a", calm)
	met, err := w.RunUntil(time.Second, func() bool { return true })
	require.NoError(t, err)
	assert.True(t, met)
	assert.Zero(t, w.Stats().Events, "no event ran")
	assert.Equal(t, time.Duration(0), w.Now())
}

func TestRunInPiecesIsOneRun(t *testing.T) {
	whole := newWorld(t, Options{Seed: 8, Net: gossipNet})
	gossipSetup(whole)
	require.NoError(t, whole.Run(60*time.Millisecond))

	halves := newWorld(t, Options{Seed: 8, Net: gossipNet})
	gossipSetup(halves)
	require.NoError(t, halves.Run(30*time.Millisecond))
	assert.Equal(t, 30*time.Millisecond, halves.Now())
	require.NoError(t, halves.Run(60*time.Millisecond))

	steps := newWorld(t, Options{Seed: 8, Net: gossipNet})
	gossipSetup(steps)
	for steps.Now() < 60*time.Millisecond {
		require.NoError(t, steps.RunFor(time.Millisecond))
	}

	for _, w := range []*World{halves, steps} {
		assert.Equal(t, whole.Fingerprint(), w.Fingerprint())
		assert.Equal(t, whole.Stats(), w.Stats())
		assert.Equal(t, 60*time.Millisecond, w.Now())
	}
}

func TestStop(t *testing.T) {
	whole := newWorld(t, Options{Seed: 9, Net: gossipNet})
	whole.At(50*time.Millisecond, func() {})
	gossipSetup(whole)
	require.NoError(t, whole.Run(60*time.Millisecond))

	w := newWorld(t, Options{Seed: 9, Net: gossipNet})
	stops := 0
	var stoppedAt []time.Duration
	w.Observe(func(ev Event) error {
		if ev.Kind == KindDrop && stops < 3 {
			stops++
			stoppedAt = append(stoppedAt, ev.Time)
			w.Stop()
		}
		return nil
	})
	w.At(50*time.Millisecond, w.Stop)
	gossipSetup(w)
	runs := 0
	for w.Now() < 60*time.Millisecond || runs == 0 {
		require.NoError(t, w.Run(60*time.Millisecond))
		runs++
		if runs <= len(stoppedAt) {
			assert.Equal(t, stoppedAt[runs-1], w.Now(), "the clock stops at the event that called Stop")
		}
	}
	assert.Equal(t, 5, runs, "three stops from the observer, one from World.At, then the end")
	assert.Equal(t, whole.Fingerprint(), w.Fingerprint(), "stopping and going on changes nothing")
}

func TestRunAdvancesClockWithoutEvents(t *testing.T) {
	w := newWorld(t, Options{})
	require.NoError(t, w.Run(3*time.Second))
	assert.Equal(t, 3*time.Second, w.Now())
	require.NoError(t, w.RunFor(time.Second))
	assert.Equal(t, 4*time.Second, w.Now())
	require.NoError(t, w.Run(4*time.Second), "running to now is fine")

	// A node added now starts now.
	var started time.Duration
	addNode(t, w, "late", starter(func(env Env) { started = env.Now() }))
	require.NoError(t, w.RunFor(time.Millisecond))
	assert.Equal(t, 4*time.Second, started)
}
