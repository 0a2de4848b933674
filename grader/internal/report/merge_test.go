package report

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// split cuts the sample report into n shards, as --shard K/N would.
func split(r *Report, n int) []*Report {
	var out []*Report
	for k := 1; k <= n; k++ {
		s := *r
		s.Shard = fmt.Sprintf("%d/%d", k, n)
		s.Labs = nil
		s.Wall = float64(k)
		s.Started = r.Started.Add(time.Duration(k) * time.Second)
		for _, l := range r.Labs {
			var tests []*Test
			for _, t := range l.Tests {
				if t.Index%n == k-1 {
					tests = append(tests, t)
				}
			}
			if len(tests) > 0 {
				c := *l
				c.Tests = tests
				s.Labs = append(s.Labs, &c)
			}
		}
		out = append(out, &s)
	}
	return out
}

func TestMergeRestoresTheWholeRun(t *testing.T) {
	want := sample()
	shards := split(sample(), 3)
	// Shards may come in any order.
	got, err := Merge([]*Report{shards[2], shards[0], shards[1]})
	require.NoError(t, err)
	assert.Equal(t, "", got.Shard)
	assert.Equal(t, want.Score(), got.Score())
	assert.Equal(t, want.MaxScore(), got.MaxScore())
	assert.Equal(t, 3.0, got.Wall, "shards run side by side: the longest one")
	assert.Equal(t, want.Started.Add(time.Second), got.Started, "the earliest start")
	var names, wantNames []string
	for _, lt := range got.Tests() {
		names = append(names, lt.ID())
	}
	for _, lt := range want.Tests() {
		wantNames = append(wantNames, lt.ID())
	}
	assert.ElementsMatch(t, wantNames, names)
	assert.Equal(t, []string{"election", "hashring", "paxos"}, []string{got.Labs[0].Name, got.Labs[1].Name, got.Labs[2].Name}, "labs sorted by name")
	assert.Equal(t, "election/node.go:12:2: undefined: x", got.Labs[0].BuildError)
	p := got.Labs[2]
	assert.Equal(t, []string{"TestA1", "TestA2", "TestB1", "TestB2"}, []string{p.Tests[0].Name, p.Tests[1].Name, p.Tests[2].Name, p.Tests[3].Name}, "tests back in order")
	assert.True(t, got.Complete)
}

func TestMergeIncompleteShard(t *testing.T) {
	shards := split(sample(), 2)
	shards[1].Complete = false
	shards[1].Notes = []string{"interrupted"}
	got, err := Merge(shards)
	require.NoError(t, err)
	assert.False(t, got.Complete)
	assert.Equal(t, []string{"interrupted"}, got.Notes)
}

func TestMergeErrors(t *testing.T) {
	shards := split(sample(), 3)
	_, err := Merge(shards[:2])
	assert.ErrorContains(t, err, "report: missing shard 3/3")

	_, err = Merge([]*Report{shards[0], shards[0], shards[1]})
	assert.ErrorContains(t, err, "shard 1/3 appears twice")

	other := split(sample(), 2)
	_, err = Merge([]*Report{shards[0], other[1]})
	assert.ErrorContains(t, err, "come from different splits")

	salted := split(sample(), 3)
	salted[1].Salted = false
	_, err = Merge(salted)
	assert.ErrorContains(t, err, "was run with other settings")

	_, err = Merge(nil)
	assert.ErrorContains(t, err, "nothing to merge")

	dup := split(sample(), 2)
	dup[1].Labs = append(dup[1].Labs, dup[0].Labs[0])
	_, err = Merge(dup)
	assert.ErrorContains(t, err, "is in more than one shard")
}

func TestMergeOneUnshardedReport(t *testing.T) {
	got, err := Merge([]*Report{sample()})
	require.NoError(t, err)
	assert.Equal(t, sample().Score(), got.Score())
}
