package sim

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockConfig explores the lock peers on a network of 1-2ms delays.
func lockConfig(s Strategy) ExploreConfig {
	return ExploreConfig{
		Options:   Options{Seed: 1, HandlerTimeout: -1, Net: NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond}},
		Strategy:  s,
		Invariant: mutualExclusion,
	}
}

func TestRandomRunsMissTheLockRace(t *testing.T) {
	// The race needs peer 0's request to take 10ms: seeded runs never see it.
	for seed := int64(1); seed <= 200; seed++ {
		w, err := New(Options{Seed: seed, Net: NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond}})
		require.NoError(t, err)
		require.NoError(t, lockSetup(true)(w))
		w.Observe(func(Event) error { return mutualExclusion(w) })
		require.NoError(t, w.Run(time.Second), "seed %d", seed)
	}
}

func TestExploreBFSFindsTheShortestLockRace(t *testing.T) {
	res, err := Explore(lockConfig(BFS), lockSetup(true))
	require.NoError(t, err)
	require.NotNil(t, res.Violation, res.String())
	// Five choices, and none fewer will do: a's request reaches b (0,
	// b grants it), b's timer fires (1, b asks), b's request reaches a
	// (1: a's queue holds b's grant, then b's request; a grants it too),
	// and both grants arrive (0, 0). Of the schedules of five, BFS finds
	// the first in the canonical order.
	assert.Equal(t, "0.1.1.0.0", res.Violation.Choices.String())
	assert.Equal(t, "violation", res.Stop)
	assert.False(t, res.Exhausted)
	assert.ErrorContains(t, res.Err(), "both peers hold the lock")
	assert.ErrorContains(t, res.Err(), "choices=0.1.1.0.0")
	assert.Equal(t, []string{"deliver a->b sim.lockReq{}", "timer b", "deliver b->a sim.lockReq{}", "deliver b->a sim.lockOK{}", "deliver a->b sim.lockOK{}"}, res.Violation.Steps)

	// The same choices replay the same run, traced.
	var trace bytes.Buffer
	cfg := lockConfig(BFS)
	cfg.Options.Trace = &trace
	w, err := Replay(cfg, lockSetup(true), res.Violation.Choices)
	require.Error(t, err)
	assert.ErrorContains(t, err, "both peers hold the lock")
	assert.Equal(t, 2, strings.Count(trace.String(), "custom"), trace.String())
	a, b := w.Node(0).(*lockNode), w.Node(1).(*lockNode)
	assert.True(t, a.holding && b.holding)

	// A shorter prefix of it is no violation.
	_, err = Replay(lockConfig(BFS), lockSetup(true), res.Violation.Choices[:4])
	assert.NoError(t, err)
}

// lockObserverSetup checks mutual exclusion with an observer, as lab tests
// do, instead of the Invariant.
func lockObserverSetup(buggy bool) func(w *World) error {
	return func(w *World) error {
		if err := lockSetup(buggy)(w); err != nil {
			return err
		}
		w.Observe(func(ev Event) error {
			if ev.Kind == KindCustom {
				return mutualExclusion(w)
			}
			return nil
		})
		return nil
	}
}

func TestExploreObserverErrorIsAViolation(t *testing.T) {
	cfg := lockConfig(BFS)
	cfg.Invariant = nil
	res, err := Explore(cfg, lockObserverSetup(true))
	require.NoError(t, err)
	require.NotNil(t, res.Violation)
	var ie *InvariantError
	require.ErrorAs(t, res.Err(), &ie)
	assert.Equal(t, "0.1.1.0.0", res.Violation.Choices.String())
	_, err = Replay(cfg, lockObserverSetup(true), res.Violation.Choices)
	require.ErrorAs(t, err, &ie)
}

// countLockStates enumerates every schedule of the lock peers, without
// pruning, and counts the distinct abstract states (lockState) they pass.
func countLockStates(t *testing.T, cfg ExploreConfig, setup func(*World) error) int {
	seen := map[string]bool{}
	var walk func(p []int)
	walk = func(p []int) {
		x, err := newExplorer(cfg, setup)
		require.NoError(t, err)
		k := 0
		_, _, err = x.run(p, func(s *sched) int {
			seen[lockState(s.w)] = true
			k = len(s.choices)
			return -1
		})
		require.NoError(t, err)
		for i := range k {
			walk(append(slices.Clip(p), i))
		}
	}
	walk(nil)
	return len(seen)
}

func TestExploreExhaustsTheCorrectLock(t *testing.T) {
	want := countLockStates(t, lockConfig(BFS), lockSetup(false))
	require.Greater(t, want, 10)
	for _, s := range []Strategy{BFS, DFS} {
		t.Run(s.String(), func(t *testing.T) {
			res, err := Explore(lockConfig(s), lockSetup(false))
			require.NoError(t, err)
			assert.Nil(t, res.Violation)
			assert.True(t, res.Exhausted, res.String())
			assert.Equal(t, "", res.Stop)
			assert.Equal(t, want, res.States, res.String())
			assert.Greater(t, res.Visits, res.States) // some states are reached twice
		})
	}
}

func TestExploreGoal(t *testing.T) {
	cfg := lockConfig(BFS)
	cfg.Goal = func(w *World) bool { return w.Node(1).(*lockNode).holding }
	res, err := Explore(cfg, lockSetup(false))
	require.NoError(t, err)
	require.True(t, res.GoalFound, res.String())
	// b holds only after a has held and released: request crossed or not,
	// six choices.
	assert.Len(t, res.Goal, 6)
	w, err := Replay(cfg, lockSetup(false), res.Goal)
	require.NoError(t, err)
	assert.True(t, w.Node(1).(*lockNode).holding)
	assert.True(t, w.Node(0).(*lockNode).done)

	// Pruning every state where a holds makes the goal unreachable.
	cfg.Prune = func(w *World) bool { return w.Node(0).(*lockNode).holding }
	res, err = Explore(cfg, lockSetup(false))
	require.NoError(t, err)
	assert.False(t, res.GoalFound)
	assert.True(t, res.Exhausted)
}

func TestExploreFaults(t *testing.T) {
	base, err := Explore(lockConfig(BFS), lockSetup(false))
	require.NoError(t, err)

	t.Run("duplicate", func(t *testing.T) {
		// A duplicated grant lets a peer in a second time, while the
		// other may hold: the correct lock is not correct on a network
		// that duplicates.
		cfg := lockConfig(BFS)
		cfg.Duplicates = 1
		res, err := Explore(cfg, lockSetup(false))
		require.NoError(t, err)
		require.NotNil(t, res.Violation, res.String())
		var trace bytes.Buffer
		cfg.Options.Trace = &trace
		_, err = Replay(cfg, lockSetup(false), res.Violation.Choices)
		require.ErrorContains(t, err, "both peers hold the lock")
		assert.Contains(t, trace.String(), "duplicate")
	})
	t.Run("loss and crash", func(t *testing.T) {
		for _, c := range []struct{ losses, crashes int }{{1, 0}, {0, 1}, {1, 1}} {
			cfg := lockConfig(BFS)
			cfg.Losses, cfg.Crashes = c.losses, c.crashes
			res, err := Explore(cfg, lockSetup(false))
			require.NoError(t, err)
			assert.Nil(t, res.Violation)
			assert.True(t, res.Exhausted)
			assert.Greater(t, res.States, base.States, "%+v", c)
		}
	})
}

func TestExploreRestarts(t *testing.T) {
	// The lock keeps nothing in Storage: a peer that restarts forgets that
	// it granted the other's request, asks again, and is granted too.
	cfg := lockConfig(BFS)
	cfg.Crashes, cfg.Restarts = 1, 1
	res, err := Explore(cfg, lockSetup(false))
	require.NoError(t, err)
	require.NotNil(t, res.Violation, res.String())
	assert.Equal(t, []string{
		"deliver a->b sim.lockReq{}", "deliver b->a sim.lockOK{}", "timer a", // a takes the lock and lets it go
		"timer b", "deliver b->a sim.lockReq{}", // b asks, a grants
		"crash a", "restart a", // a forgets, and asks again
		"deliver a->b sim.lockReq{}", "deliver b->a sim.lockOK{}", "deliver a->b sim.lockOK{}", // b grants a; both grants arrive
	}, res.Violation.Steps)
	_, err = Replay(cfg, lockSetup(false), res.Violation.Choices)
	assert.ErrorContains(t, err, "both peers hold the lock")

	// Without the restart, the crash alone breaks nothing, and the restart
	// adds states.
	cfg.Restarts = 0
	crashOnly, err := Explore(cfg, lockSetup(false))
	require.NoError(t, err)
	assert.Nil(t, crashOnly.Violation)
	assert.True(t, crashOnly.Exhausted)
	cfg.Restarts, cfg.Invariant = 1, nil
	withRestart, err := Explore(cfg, lockSetup(false))
	require.NoError(t, err)
	assert.True(t, withRestart.Exhausted)
	assert.Greater(t, withRestart.States, crashOnly.States)
}

func TestExploreBounds(t *testing.T) {
	cfg := lockConfig(BFS)
	cfg.MaxStates = 5
	res, err := Explore(cfg, lockSetup(false))
	require.NoError(t, err)
	assert.Equal(t, 5, res.States)
	assert.Equal(t, "states", res.Stop)
	assert.False(t, res.Exhausted)

	cfg = lockConfig(DFS)
	cfg.MaxDepth = 3
	res, err = Explore(cfg, lockSetup(true))
	require.NoError(t, err)
	assert.Nil(t, res.Violation, "the race takes five choices")
	assert.False(t, res.Exhausted)
	assert.Equal(t, 3, res.Depth)
}

func TestExploreIsDeterministic(t *testing.T) {
	for _, s := range []Strategy{BFS, DFS, RandomWalk} {
		cfg := lockConfig(s)
		cfg.Walks, cfg.Seed = 50, 7
		r1, err := Explore(cfg, lockSetup(true))
		require.NoError(t, err)
		r2, err := Explore(cfg, lockSetup(true))
		require.NoError(t, err)
		assert.Equal(t, r1.String(), r2.String())
		assert.Equal(t, r1.Events, r2.Events)
	}
}

func TestExploreDFSAndWalksFindTheRace(t *testing.T) {
	res, err := Explore(lockConfig(DFS), lockSetup(true))
	require.NoError(t, err)
	require.NotNil(t, res.Violation)
	assert.GreaterOrEqual(t, len(res.Violation.Choices), 5)
	_, err = Replay(lockConfig(DFS), lockSetup(true), res.Violation.Choices)
	assert.ErrorContains(t, err, "both peers hold the lock")

	cfg := lockConfig(RandomWalk)
	cfg.Walks = 200
	res, err = Explore(cfg, lockSetup(true))
	require.NoError(t, err)
	require.NotNil(t, res.Violation, res.String())
	_, err = Replay(cfg, lockSetup(true), res.Violation.Choices)
	assert.ErrorContains(t, err, "both peers hold the lock")
}

func TestExploreReportsASetupThatDoesNotReplay(t *testing.T) {
	calls := 0
	setup := func(w *World) error {
		calls++
		w.MustAddNode("a", func() Node { return &lockNode{peer: 1} })
		if calls == 1 {
			w.MustAddNode("b", func() Node { return &lockNode{peer: 0} })
		} else {
			w.MustAddNode("b", func() Node { return &fnNode{} }) // no timer: one choice fewer
		}
		return nil
	}
	_, err := Explore(lockConfig(BFS), setup)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "do not run the same way twice")

	_, err = Explore(lockConfig(BFS), func(*World) error { return errors.New("no") })
	assert.ErrorContains(t, err, "sim: explore: setup: no")
}

func TestParseChoices(t *testing.T) {
	for _, s := range []string{"", "0", "3.0.1.2", "12.0"} {
		c, err := ParseChoices(s)
		require.NoError(t, err)
		assert.Equal(t, s, c.String())
	}
	for _, s := range []string{".", "1..2", "a", "-1", "1.2."} {
		_, err := ParseChoices(s)
		assert.Error(t, err, s)
	}
}
