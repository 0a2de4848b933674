package hashring_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
)

// balanceMembers are the members of the balance tests: fixed names, so
// that the ring is the same for every seed and only the keys change.
var balanceMembers = []string{"node-0", "node-1", "node-2", "node-3", "node-4", "node-5", "node-6", "node-7", "node-8", "node-9"}

// countKeys looks up n random keys of the seed's "keys" stream and counts
// the keys of each member. The keys are made one at a time, so a million
// of them take no memory.
func countKeys(r *kit.Run, ring *hashring.Ring, n int) map[string]int {
	r.T().Helper()
	rng := r.Rand("keys")
	load := map[string]int{}
	buf := []byte("key-")
	for range n {
		buf = strconv.AppendUint(buf[:4], rng.Uint64(), 36)
		owner, err := ring.Owner(string(buf))
		if err != nil {
			r.Fatalf("Owner(%q): %v", buf, err)
		}
		load[owner]++
	}
	return load
}

// TestBalance: 10 members and 1,000,000 random keys. The most loaded member
// holds at most 1.35 times the mean (100,000) with 100 virtual nodes each,
// and at most 1.10 times with 1,000. A lookup allocates nothing (Owner's
// doc), which the test counts before its seeds start (ownerAllocs).
//
// With v virtual nodes a member's share of the ring has a relative standard
// deviation near 1/sqrt(v): 10% for 100, 3.2% for 1,000. The members are
// fixed (node-0 to node-9) and the placement is fixed by the documented
// hash, so every correct ring has the same arcs (a most loaded member at
// 1.15 and 1.07 times the mean); the seed only changes the keys, which
// moves a member's load by about 0.3% (one standard deviation).
//
//lab:points 5
func TestBalance(t *testing.T) {
	allocs, measured := ownerAllocs()
	kit.Sweep(t, 1, func(r *kit.Run) {
		if measured && allocs > 0 {
			r.Fatalf("Owner allocates %v times per call on a ring of 10 members with 100 virtual nodes each, want none: it is called on every operation of a store, and must not allocate (copying the points, or building a slice or a string, on each lookup does)", allocs)
		}
		const keys = 1_000_000
		for _, tc := range []struct {
			vnodes int
			bound  float64
		}{{100, 1.35}, {1000, 1.10}} {
			ring := buildRing(r, tc.vnodes, nil, balanceMembers...)
			load := countKeys(r, ring, keys)
			mean := float64(keys) / float64(len(balanceMembers))
			most, total := "", 0
			for _, name := range balanceMembers {
				total += load[name]
				if most == "" || load[name] > load[most] {
					most = name
				}
			}
			if total != keys {
				r.Fatalf("with %d virtual nodes the members own %d of %d keys; owners outside the ring: %v", tc.vnodes, total, keys, load)
			}
			ratio := float64(load[most]) / mean
			r.Logf("%d virtual nodes: max/mean = %.3f (%s)", tc.vnodes, ratio, most)
			if ratio > tc.bound {
				r.Errorf("with %d virtual nodes per member, %s owns %d of %d keys: %.3f times the mean, want at most %.2f\n    loads: %s",
					tc.vnodes, most, load[most], keys, ratio, tc.bound, formatLoads(load, balanceMembers))
			}
		}
	})
}

// ownerAllocs returns how many times Owner allocates per call, on the ring
// of TestBalance with 100 virtual nodes, and false if that ring cannot be
// built or Owner fails or panics there (the seeds then report why). It
// runs in TestBalance itself, before the seeds start and while nothing
// else in the process runs: testing.AllocsPerRun counts the allocations of
// the whole process, and refuses to run inside a parallel subtest.
func ownerAllocs() (allocs float64, ok bool) {
	ring := hashring.New(100, nil)
	for _, name := range balanceMembers {
		if ring.Add(name) != nil {
			return 0, false
		}
	}
	keys := randomKeys(rand.New(rand.NewPCG(1, 2)), 64)
	defer func() {
		if recover() != nil {
			allocs, ok = 0, false
		}
	}()
	ok = true
	i := 0
	allocs = testing.AllocsPerRun(1000, func() {
		if _, err := ring.Owner(keys[i%len(keys)]); err != nil {
			ok = false
		}
		i++
	})
	return allocs, ok
}

// TestWeights: members of weight 1 to 4 get w*vnodes points each, and
// shares of 500,000 random keys within 10% of w/W (W = 10).
//
// With 1,000 virtual nodes per unit of weight, a member's share has a
// relative standard deviation near 1/sqrt(1000*w): at most 3.2%. The
// members and so the arcs are fixed, and the largest deviation is 3.3%
// (w3's arcs cover 0.290 of the ring); the seed only changes the keys,
// which moves a share by 0.5% or less.
//
//lab:points 3
func TestWeights(t *testing.T) {
	kit.Sweep(t, 2, func(r *kit.Run) {
		const (
			vnodes = 1000
			keys   = 500_000
		)
		weights := map[string]int{"w1": 1, "w2": 2, "w3": 3, "w4": 4}
		names := []string{"w1", "w2", "w3", "w4"}
		ring := hashring.New(vnodes, nil)
		for _, name := range names {
			if err := ring.AddWeighted(name, weights[name]); err != nil {
				r.Fatalf("AddWeighted(%q, %d): %v", name, weights[name], err)
			}
		}
		points := map[string]int{}
		for _, p := range ring.Points() {
			points[p.Node]++
		}
		for _, name := range names {
			if want := weights[name] * vnodes; points[name] != want {
				r.Errorf("member %s of weight %d has %d points, want %d (weight times %d virtual nodes)", name, weights[name], points[name], want, vnodes)
			}
		}
		load := countKeys(r, ring, keys)
		for _, name := range names {
			want := float64(weights[name]) / 10
			got := float64(load[name]) / keys
			r.Logf("%s: share %.4f, want %.4f", name, got, want)
			if math.Abs(got/want-1) > 0.10 {
				r.Errorf("member %s of weight %d owns %.4f of the keys, want within 10%% of w/W = %.2f\n    loads: %s", name, weights[name], got, want, formatLoads(load, names))
			}
		}
	})
}

// formatLoads prints the loads of the members in the given order.
func formatLoads(load map[string]int, names []string) string {
	s := ""
	for i, name := range names {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%s=%d", name, load[name])
	}
	return s
}
