package live_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/sim"
)

// recv waits for a value on ch, within the test's bound.
func recv[T any](t testing.TB, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(bound):
		t.Fatal("nothing came")
		var zero T
		return zero
	}
}

func TestTimersFireInOrderOnRealTime(t *testing.T) {
	c := newCluster(t, 1)
	n := c.start(0, func() sim.Node { return idle{} })

	fired := make(chan string, 4)
	var set time.Duration
	require.NoError(t, n.Do(func(env sim.Env) {
		set = env.Now()
		env.After(60*time.Millisecond, func() { fired <- "late" })
		env.After(20*time.Millisecond, func() {
			assert.GreaterOrEqual(t, env.Now()-set, 20*time.Millisecond)
			fired <- "early"
			env.After(0, func() { fired <- "nested" })
		})
	}))
	assert.Equal(t, "early", recv(t, fired))
	// A loop that runs late may find "late" due before "nested", as a
	// real clock may: both come, in either order.
	assert.ElementsMatch(t, []string{"nested", "late"}, []string{recv(t, fired), recv(t, fired)})
}

func TestStoppedTimerNeverFires(t *testing.T) {
	c := newCluster(t, 1)
	n := c.start(0, func() sim.Node { return idle{} })

	fired := make(chan string, 2)
	require.NoError(t, n.Do(func(env sim.Env) {
		stopped := env.After(10*time.Millisecond, func() { fired <- "stopped" })
		env.After(50*time.Millisecond, func() { fired <- "kept" })
		assert.True(t, stopped.Pending())
		assert.True(t, stopped.Stop())
		assert.False(t, stopped.Pending())
		assert.False(t, stopped.Stop(), "a second Stop does nothing")
	}))
	// Had the stopped timer fired, it would have come first.
	assert.Equal(t, "kept", recv(t, fired))

	done := make(chan sim.Timer, 1)
	require.NoError(t, n.Do(func(env sim.Env) {
		var tm sim.Timer
		tm = env.After(0, func() { done <- tm })
	}))
	tm := recv(t, done)
	require.NoError(t, n.Do(func(sim.Env) {
		assert.False(t, tm.Pending(), "a timer that fired is not pending")
		assert.False(t, tm.Stop())
	}))
}

func TestRandIsSeededPerNodeAndIncarnation(t *testing.T) {
	draw := func(c *cluster, id sim.NodeID) []uint64 {
		n := c.start(id, func() sim.Node { return idle{} })
		var xs []uint64
		require.NoError(t, n.Do(func(env sim.Env) {
			for range 4 {
				xs = append(xs, env.Rand().Uint64())
			}
		}))
		c.stop(id)
		return xs
	}
	a, b := newCluster(t, 2), newCluster(t, 2)
	first := draw(a, 0)
	assert.Equal(t, first, draw(b, 0), "same seed, node and incarnation")
	assert.NotEqual(t, first, draw(a, 1), "another node")
	assert.NotEqual(t, first, draw(a, 0), "another incarnation")
}
