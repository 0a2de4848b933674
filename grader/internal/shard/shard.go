// Package shard splits a grading run into N deterministic parts, so that
// a large sweep can fan out across CI jobs or containers and its results
// be merged afterwards.
//
// The unit of work is one graded test of one lab. Shard K of N (K from 1)
// takes the tests whose position in the full, ordered list of selected
// tests is K-1 modulo N. Every test lands in exactly one shard, the split
// depends only on the list (never on timing), and consecutive tests of a
// lab, which tend to cost alike, spread over the shards.
package shard

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is part K of N. The zero Shard means no sharding: everything.
type Shard struct {
	K, N int
}

// All is the shard that takes everything.
var All = Shard{K: 1, N: 1}

// Parse parses "K/N" (1 <= K <= N). The empty string is All.
func Parse(s string) (Shard, error) {
	if s == "" {
		return All, nil
	}
	ks, ns, ok := strings.Cut(s, "/")
	k, kerr := strconv.Atoi(ks)
	n, nerr := strconv.Atoi(ns)
	switch {
	case !ok || kerr != nil || nerr != nil:
		return Shard{}, fmt.Errorf("shard: %q: want K/N, as in 2/5", s)
	case n < 1:
		return Shard{}, fmt.Errorf("shard: %q: N must be at least 1", s)
	case k < 1 || k > n:
		return Shard{}, fmt.Errorf("shard: %q: K must be between 1 and %d", s, n)
	}
	return Shard{K: k, N: n}, nil
}

// String returns "K/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// IsAll reports whether the shard takes everything.
func (s Shard) IsAll() bool { return s.N <= 1 }

// Has reports whether the item at position i (from 0) of the full list
// belongs to this shard.
func (s Shard) Has(i int) bool {
	if s.IsAll() {
		return true
	}
	return i%s.N == s.K-1
}
