package shard

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Shard{
		"":      All,
		"1/1":   {K: 1, N: 1},
		"2/5":   {K: 2, N: 5},
		"5/5":   {K: 5, N: 5},
		"10/12": {K: 10, N: 12},
	} {
		got, err := Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for in, msg := range map[string]string{
		"0/3":   "K must be between 1 and 3",
		"4/3":   "K must be between 1 and 3",
		"1/0":   "N must be at least 1",
		"3":     "want K/N",
		"a/b":   "want K/N",
		"1/2/3": "want K/N",
		"-1/2":  "K must be between 1 and 2",
	} {
		_, err := Parse(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), msg, in)
		assert.Contains(t, err.Error(), "shard: ", in)
	}
}

func TestHasSplitsEveryItemOnce(t *testing.T) {
	for n := 1; n <= 7; n++ {
		for items := 0; items <= 20; items++ {
			count := make([]int, items)
			sizes := make([]int, n)
			for k := 1; k <= n; k++ {
				s := Shard{K: k, N: n}
				for i := range items {
					if s.Has(i) {
						count[i]++
						sizes[k-1]++
					}
				}
			}
			for i, c := range count {
				assert.Equal(t, 1, c, "item %d of %d in %d shards", i, items, n)
			}
			for _, size := range sizes {
				assert.LessOrEqual(t, size, items/n+1, "shards of %d items into %d are balanced", items, n)
				assert.GreaterOrEqual(t, size, items/n, "shards of %d items into %d are balanced", items, n)
			}
		}
	}
}

func TestHasIsRoundRobin(t *testing.T) {
	s := Shard{K: 2, N: 3}
	var got []int
	for i := range 10 {
		if s.Has(i) {
			got = append(got, i)
		}
	}
	assert.Equal(t, []int{1, 4, 7}, got)
	assert.Equal(t, "2/3", s.String())
	assert.True(t, All.IsAll())
	assert.True(t, Shard{}.Has(5), "the zero Shard takes everything")
}
