package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExploreWorkersDoNotChangeTheResult runs searches with 1, 2 and 5
// workers: every figure of the result, and the violation, is the same.
func TestExploreWorkersDoNotChangeTheResult(t *testing.T) {
	chat := ExploreConfig{Options: Options{Seed: 1, HandlerTimeout: -1, Net: NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond}},
		MaxStates: 1_000, MaxDepth: 100, Walks: 300}
	for _, tc := range []struct {
		name  string
		cfg   ExploreConfig
		setup func(*World) error
	}{
		{"lock race", lockConfig(BFS), lockSetup(true)},
		{"lock restarts", func() ExploreConfig { c := lockConfig(BFS); c.Crashes, c.Restarts = 1, 1; return c }(), lockSetup(false)},
		{"chat", chat, chatSetup},
	} {
		for _, s := range []Strategy{BFS, RandomWalk} {
			t.Run(tc.name+"/"+s.String(), func(t *testing.T) {
				var want *ExploreResult
				for _, n := range []int{1, 2, 5} {
					cfg := tc.cfg
					cfg.Strategy, cfg.Workers = s, n
					res, err := Explore(cfg, tc.setup)
					require.NoError(t, err)
					if want == nil {
						want = res
						continue
					}
					assert.Equal(t, want.String(), res.String(), "%d workers", n)
					assert.Equal(t, want.Err(), res.Err(), "%d workers", n)
					if want.Violation != nil && res.Violation != nil {
						assert.Equal(t, want.Violation.Steps, res.Violation.Steps)
					}
				}
			})
		}
	}
}

func TestExploreSometimes(t *testing.T) {
	cfg := lockConfig(BFS)
	cfg.Sometimes = func(w *World) bool { return w.Node(0).(*lockNode).holding }
	res, err := Explore(cfg, lockSetup(false))
	require.NoError(t, err)
	assert.True(t, res.Sometimes, "a takes the lock in some state")

	cfg.Sometimes = func(w *World) bool { return w.Now() > time.Hour }
	res, err = Explore(cfg, lockSetup(false))
	require.NoError(t, err)
	assert.False(t, res.Sometimes)
}
