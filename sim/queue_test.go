package sim

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQueueMatchesSortedReference pushes and pops at random and checks
// every pop against a reference that keeps the events sorted by (time,
// sequence number).
func TestQueueMatchesSortedReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var q queue
	var ref []event
	var seq uint64
	cmpEvents := func(a, b event) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	}
	pops := 0
	for step := range 100_000 {
		if q.len() == 0 || r.IntN(100) < 55 {
			seq++
			// Few distinct times, so that ties are common.
			e := event{at: time.Duration(r.IntN(50)), seq: seq, slot: int32(step)}
			q.push(e)
			i, _ := slices.BinarySearchFunc(ref, e, cmpEvents)
			ref = slices.Insert(ref, i, e)
			continue
		}
		require.Equal(t, ref[0].at, q.peek().at, "peek at step %d", step)
		require.Equal(t, ref[0], q.pop(), "pop at step %d", step)
		ref = ref[1:]
		pops++
		require.Equal(t, len(ref), q.len())
	}
	for q.len() > 0 {
		require.Equal(t, ref[0], q.pop())
		ref = ref[1:]
	}
	assert.Empty(t, ref)
	assert.Greater(t, pops, 40_000, "the test must exercise pops")
}

// TestQueueOrdersByTimeThenSeq checks the ordering rule itself on a
// handful of events pushed out of order.
func TestQueueOrdersByTimeThenSeq(t *testing.T) {
	in := []event{
		{at: 3, seq: 1}, {at: 1, seq: 5}, {at: 2, seq: 2}, {at: 1, seq: 3},
		{at: 3, seq: 0}, {at: 0, seq: 9}, {at: 1, seq: 4},
	}
	var q queue
	for _, e := range in {
		q.push(e)
	}
	var got []string
	for q.len() > 0 {
		e := q.pop()
		got = append(got, fmt.Sprintf("%d/%d", e.at, e.seq))
	}
	assert.Equal(t, []string{"0/9", "1/3", "1/4", "1/5", "2/2", "3/0", "3/1"}, got)
}

// TestTimersAtOneInstantFireInScheduleOrder schedules many timers due at the
// same instant, from one node and interleaved from several, and checks
// they fire in exactly the order they were scheduled.
func TestTimersAtOneInstantFireInScheduleOrder(t *testing.T) {
	const due = 10 * time.Millisecond
	t.Run("one node", func(t *testing.T) {
		w := newWorld(t, Options{})
		var fired []int
		addNode(t, w, "a", starter(func(env Env) {
			for i := range 100 {
				env.After(due, func() { fired = append(fired, i) })
			}
		}))
		require.NoError(t, w.Run(time.Second))
		want := make([]int, 100)
		for i := range want {
			want[i] = i
		}
		assert.Equal(t, want, fired)
	})
	t.Run("several nodes interleaved", func(t *testing.T) {
		// At each of 0ms, 1ms, ..., 9ms every node schedules one timer
		// due at 10ms, so the schedule order interleaves the nodes.
		w := newWorld(t, Options{})
		var fired []string
		names := []string{"a", "b", "c", "d"}
		for _, name := range names {
			addNode(t, w, name, starter(func(env Env) {
				var arm func(k int)
				arm = func(k int) {
					env.After(due-env.Now(), func() { fired = append(fired, fmt.Sprintf("%s%d", name, k)) })
					if k < 9 {
						env.After(time.Millisecond, func() { arm(k + 1) })
					}
				}
				arm(0)
			}))
		}
		require.NoError(t, w.Run(time.Second))
		var want []string
		for k := range 10 {
			for _, name := range names {
				want = append(want, fmt.Sprintf("%s%d", name, k))
			}
		}
		assert.Equal(t, want, fired)
	})
	t.Run("zero delay goes after what is already due", func(t *testing.T) {
		w := newWorld(t, Options{})
		var fired []string
		addNode(t, w, "a", starter(func(env Env) {
			env.After(due, func() {
				fired = append(fired, "first")
				env.After(0, func() { fired = append(fired, "zero-delay") })
			})
			env.After(due, func() { fired = append(fired, "second") })
		}))
		w.At(due, func() { fired = append(fired, "world") })
		require.NoError(t, w.Run(time.Second))
		// The world callback was scheduled before the node started.
		assert.Equal(t, []string{"world", "first", "second", "zero-delay"}, fired)
	})
}
