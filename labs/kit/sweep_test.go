package kit

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSeedList(t *testing.T) {
	assert.Equal(t, []int64{1, 2, 3}, seedList("TestX", settings{seed: -1}, 3), "the public seeds are 1..K")
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, seedList("TestX", settings{seed: -1, seeds: 5}, 3), "-seeds overrides the default")
	assert.Equal(t, []int64{42}, seedList("TestX", settings{seed: 42, seeds: 5}, 3), "-seed runs one seed")

	salted := seedList("TestX", settings{seed: -1, salt: "s3cret"}, 4)
	assert.Len(t, salted, 4)
	for i, s := range salted {
		assert.Equal(t, SaltedSeed("s3cret", "TestX", i), s)
		assert.GreaterOrEqual(t, s, int64(0))
		assert.Greater(t, s, int64(1000), "a salted seed is not a small public one")
	}
	assert.NotEqual(t, salted, seedList("TestY", settings{seed: -1, salt: "s3cret"}, 4), "each test has its own seeds")
	assert.NotEqual(t, salted, seedList("TestX", settings{seed: -1, salt: "other"}, 4), "each salt has its own seeds")
}

func TestSaltedSeedsAreDistinct(t *testing.T) {
	seen := map[int64]bool{}
	for i := range 10000 {
		s := SaltedSeed("salt", "TestX", i)
		assert.False(t, seen[s], "seed %d repeats", i)
		seen[s] = true
	}
}

func TestReplayCommand(t *testing.T) {
	// Tests run in their package's directory: here, labs/kit.
	assert.Equal(t, `go test ./labs/kit -run '^TestShardMove$/^seed=17$' -seed 17 -events`,
		ReplayCommand("TestShardMove/seed=17", 17))
	assert.Equal(t, `go test ./labs/kit -run '^TestA$/^B\.C$/^seed=3$' -seed 3 -events`,
		ReplayCommand("TestA/B.C/seed=3", 3), "regexp characters are quoted")
}

func TestSweepRunsEachSeedAsASubtest(t *testing.T) {
	var mu sync.Mutex
	var seen []int64
	t.Run("sweep", func(t *testing.T) {
		Sweep(t, 3, func(r *Run) {
			assert.Equal(t, fmt.Sprintf("TestSweepRunsEachSeedAsASubtest/sweep/seed=%d", r.Seed), r.T().Name())
			mu.Lock()
			seen = append(seen, r.Seed)
			mu.Unlock()
		})
	})
	slices.Sort(seen)
	assert.Equal(t, []int64{1, 2, 3}, seen)
}
