package hashring_test

import (
	"fmt"

	"github.com/distlab/distlab/hashring"
)

// With a hash injected by hand the ring is easy to follow: a has points at
// 10 and 60, b at 30 and 80. A key belongs to the first point at or after
// its hash; past the last point (80) the ring wraps around to the first.
func ExampleRing() {
	positions := map[string]uint64{
		"a#0": 10, "a#1": 60, "b#0": 30, "b#1": 80,
		"key1": 5, "key2": 20, "key3": 90,
	}
	ring := hashring.New(2, func(s string) uint64 { return positions[s] })
	ring.Add("a")
	ring.Add("b")
	for _, key := range []string{"key1", "key2", "key3"} {
		owner, _ := ring.Owner(key)
		fmt.Printf("%s (at %d) -> %s\n", key, positions[key], owner)
	}
	next, _ := ring.Successors("key2", 2)
	fmt.Println("successors of key2:", next)
	// Output:
	// key1 (at 5) -> a
	// key2 (at 20) -> b
	// key3 (at 90) -> a
	// successors of key2: [b a]
}

// Six keys that all hash just before a's only point: plain consistent
// hashing gives all six to a. With bounded loads and c = 1.25 no member
// takes more than ceil(1.25 * 6 / 3) = 3, and the rest walk on clockwise.
func ExampleRing_AssignBounded() {
	positions := map[string]uint64{
		"a#0": 100, "b#0": 200, "c#0": 300,
		"k1": 50, "k2": 60, "k3": 70, "k4": 80, "k5": 90, "k6": 95,
	}
	ring := hashring.New(1, func(s string) uint64 { return positions[s] })
	for _, name := range []string{"a", "b", "c"} {
		ring.Add(name)
	}
	keys := []string{"k1", "k2", "k3", "k4", "k5", "k6"}
	owners, _ := ring.AssignBounded(keys, 1.25)
	fmt.Println("cap:", hashring.BoundedCap(1.25, len(keys), ring.Len()))
	fmt.Println(owners)
	// Output:
	// cap: 3
	// [a a a b b b]
}
