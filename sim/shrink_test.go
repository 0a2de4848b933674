package sim

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// faultyRun runs a ping-pong pair over a lossy, duplicating network with a
// crash and restart, a pause and a partition, under plan if it is not nil,
// and returns the world.
func faultyRun(t *testing.T, plan *FaultPlan) *World {
	w := newWorld(t, Options{Seed: 7, Net: NetConfig{Latency: time.Millisecond, Jitter: 20 * time.Millisecond, Loss: 0.2, Duplicate: 0.1}})
	if plan != nil {
		w.SetFaultPlan(*plan)
	}
	pong := func(env Env, from NodeID, msg any) {
		if n := msg.(num).N; n < 200 {
			env.Send(from, num{n + 1})
		}
	}
	a := addNode(t, w, "a", func() Node {
		var tick func()
		var env Env
		tick = func() {
			env.Send(1, num{0})
			env.After(10*time.Millisecond, tick)
		}
		return &fnNode{recv: pong, start: func(e Env) { env = e; tick() }}
	})
	b := addNode(t, w, "b", receiver(pong))
	w.At(100*time.Millisecond, func() { assert.NoError(t, w.Crash(b)) })
	w.At(150*time.Millisecond, func() { assert.NoError(t, w.Restart(b)) })
	w.At(200*time.Millisecond, func() { assert.NoError(t, w.Pause(a)) })
	w.At(220*time.Millisecond, func() { assert.NoError(t, w.Resume(a)) })
	w.At(300*time.Millisecond, func() { assert.NoError(t, w.Isolate(a)) })
	w.At(350*time.Millisecond, func() { w.Heal() })
	require.NoError(t, w.Run(time.Second))
	return w
}

func TestFaultPlanReplaysTheRun(t *testing.T) {
	w := faultyRun(t, nil)
	got := w.Faults()
	require.NotEmpty(t, got.Lose)
	require.NotEmpty(t, got.Duplicate)
	require.Equal(t, []int{0}, got.Crash)
	require.Equal(t, []int{0}, got.Pause)
	require.Equal(t, []int{0}, got.Net)

	again := faultyRun(t, &got)
	assert.Equal(t, w.Fingerprint(), again.Fingerprint(), "a run's own plan runs it again, event for event")
	assert.Equal(t, got, again.Faults())
}

func TestFaultPlanLeavesFaultsOut(t *testing.T) {
	w := faultyRun(t, &FaultPlan{Lose: []int{2}, Pause: []int{0}})
	got := w.Faults()
	assert.Equal(t, []int{2}, got.Lose)
	assert.Empty(t, got.Duplicate)
	assert.Empty(t, got.Crash, "the crash left out, its restart does nothing")
	assert.Equal(t, []int{0}, got.Pause)
	assert.Empty(t, got.Net)
	assert.Equal(t, uint64(1), w.Stats().Dropped)
	assert.Zero(t, w.Stats().Duplicated)
}

func TestFaultPlanShortensDelays(t *testing.T) {
	full := faultyRun(t, &FaultPlan{})
	short := faultyRun(t, &FaultPlan{DelayShift: 3})
	assert.Greater(t, short.Stats().Delivered, full.Stats().Delivered, "more round trips fit in the second with delays an eighth as long")
}

func TestFaultPlanString(t *testing.T) {
	for _, tc := range []struct {
		plan FaultPlan
		text string
	}{
		{FaultPlan{}, "none"},
		{FaultPlan{Lose: []int{3, 18}, Crash: []int{0}, DelayShift: 2}, "lose=3.18,crash=0,delay=2"},
		{FaultPlan{Duplicate: []int{1}, Pause: []int{0, 1}, Net: []int{4}}, "dup=1,pause=0.1,net=4"},
	} {
		assert.Equal(t, tc.text, tc.plan.String())
		p, err := ParseFaultPlan(tc.text)
		require.NoError(t, err)
		if tc.plan.Len() == 0 {
			assert.Zero(t, p.Len())
			continue
		}
		assert.Equal(t, tc.plan, p)
	}
	for _, bad := range []string{"", "lose", "lose=x", "lose=3.1", "crash=1,crash=2", "delay=-1", "foo=1"} {
		_, err := ParseFaultPlan(bad)
		assert.Error(t, err, bad)
	}
}

func TestDdminFindsTheFaultsThatMatter(t *testing.T) {
	items := make([]int, 40)
	for i := range items {
		items[i] = i
	}
	calls := 0
	got := ddmin(items, func(c []int) bool {
		calls++
		return slices.Contains(c, 7) && slices.Contains(c, 31)
	})
	assert.Equal(t, []int{7, 31}, got)
	assert.Less(t, calls, 80)
	assert.Nil(t, ddmin(items, func([]int) bool { return true }))
}

func TestShrinkFaults(t *testing.T) {
	// A run "fails" while message 5 is lost and some crash happens, and
	// its delays are at least a quarter: the shrunk plan keeps exactly
	// the loss and one crash, with delays a quarter as long.
	plans := []FaultPlan{{Lose: []int{1, 5, 9}, Duplicate: []int{2}}, {Crash: []int{0, 1}, Net: []int{0}}}
	fails := func(c []FaultPlan) bool {
		return slices.Contains(c[0].Lose, 5) && len(c[1].Crash) > 0 && c[0].DelayShift <= 2
	}
	got, ran := ShrinkFaults(plans, 0, fails)
	assert.Equal(t, []FaultPlan{{Lose: []int{5}, DelayShift: 2}, {Crash: []int{1}, DelayShift: 2}}, got)
	assert.LessOrEqual(t, ran, DefaultShrinkTries)

	_, ran = ShrinkFaults(plans, 3, func([]FaultPlan) bool { return false })
	assert.Equal(t, 3, ran, "the tries bound the candidates")
}
