package hashring_test

import (
	"math/rand/v2"
	"testing"

	"github.com/distlab/distlab/hashring"
)

// benchRing returns the ring of the lookup benchmarks (the 10 members of
// the balance tests, 100 virtual nodes each) and the keys to look up.
func benchRing(b *testing.B) (*hashring.Ring, []string) {
	b.Helper()
	ring := hashring.New(100, nil)
	for _, name := range balanceMembers {
		if err := ring.Add(name); err != nil {
			b.Fatal(err)
		}
	}
	return ring, randomKeys(rand.New(rand.NewPCG(1, 2)), 4096)
}

// BenchmarkOwner measures Ring.Owner on 10 members with 100 virtual nodes
// each: hashing the key and finding its point. It must not allocate.
func BenchmarkOwner(b *testing.B) {
	ring, keys := benchRing(b)
	b.ReportAllocs()
	var sink string
	for i := 0; b.Loop(); i++ {
		owner, err := ring.Owner(keys[i%len(keys)])
		if err != nil {
			b.Fatal(err)
		}
		sink = owner
	}
	_ = sink
}

// BenchmarkOwnerBaseline is the floor BenchmarkOwner is measured against:
// the same hash of the same keys and a bare binary search over the same
// 1,000 positions, in a plain []uint64, wrapping around past the last.
func BenchmarkOwnerBaseline(b *testing.B) {
	ring, keys := benchRing(b)
	points := ring.Points()
	hashes := make([]uint64, len(points))
	nodes := make([]string, len(points))
	for i, p := range points {
		hashes[i], nodes[i] = p.Hash, p.Node
	}
	b.ReportAllocs()
	var sink string
	for i := 0; b.Loop(); i++ {
		h := hashring.Default(keys[i%len(keys)])
		lo, hi := 0, len(hashes)
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if hashes[mid] < h {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo == len(hashes) {
			lo = 0
		}
		sink = nodes[lo]
	}
	_ = sink
}
