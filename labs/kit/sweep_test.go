package kit

import (
	"flag"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSeedList(t *testing.T) {
	assert.Equal(t, []int64{1, 2, 3}, seedList(settings{seed: -1}, 3), "the public seeds are 1..K")
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, seedList(settings{seed: -1, seeds: 5}, 3), "-seeds overrides the default")
	assert.Equal(t, []int64{42}, seedList(settings{seed: 42, seeds: 5}, 3), "-seed runs one seed")
	assert.Equal(t, []int64{9, 4}, seedList(settings{seed: -1, list: []int64{9, 4}}, 3), "-seed-list runs exactly its seeds")
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

// The event filters have the names grader replay uses: -nodes and -kinds.
func TestEventFilterFlagNames(t *testing.T) {
	for _, name := range []string{"events", "nodes", "kinds"} {
		assert.NotNil(t, flag.Lookup(name), "-%s", name)
	}
	for _, old := range []string{"event-nodes", "event-kinds"} {
		assert.Nil(t, flag.Lookup(old), "one set of names: -%s is gone", old)
	}
}

// bomb is a panic value whose Error method panics with itself.
type bomb struct{}

func (bomb) Error() string { panic(bomb{}) }

// TestPanicTextOfAPanickingValue: a scenario that panics with a value
// whose Error method panics fails its seed with a message; printing it
// must not crash the test binary.
func TestPanicTextOfAPanickingValue(t *testing.T) {
	assert.Equal(t, "boom", panicText("boom"))
	assert.Equal(t, "a kit.bomb whose Error or String method panics", panicText(bomb{}))
}
