package hashring_test

import (
	"slices"
	"testing"

	"github.com/distlab/distlab/labs/kit"
)

// TestRepeatedInputs: the ring's methods are functions of the members and
// their arguments only. Asked the same thing twice, they answer the same:
// Owner, Successors and AssignBounded (which places keys without changing
// the ring, and counts a repeated key as another key); and changing a
// slice they returned (Points, Members, Successors, AssignBounded) changes
// nothing in the ring.
//
//lab:points 3
func TestRepeatedInputs(t *testing.T) {
	kit.Sweep(t, 4, func(r *kit.Run) {
		members := memberNames(r.Rand("names"), 5)
		ring := buildRing(r, 10, nil, members...)
		m := newModel(10, weightsOf(members))
		keys := randomKeys(r.Rand("keys"), 300)

		before := owners(r, ring, keys)
		if again := owners(r, ring, keys); !slices.Equal(before, again) {
			r.Fatalf("Owner gave other answers the second time it was asked about the same keys")
		}
		pts := ring.Points()
		names := ring.Members()
		for i := range pts {
			pts[i].Node = "changed"
		}
		for i := range names {
			names[i] = "changed"
		}
		if got := ring.Points(); !slices.Equal(got, m.points) {
			r.Fatalf("after changing the slice Points returned, the ring's points changed too: Points must return a copy")
		}
		if got := ring.Members(); !slices.Equal(got, slices.Sorted(slices.Values(members))) {
			r.Fatalf("after changing the slice Members returned, Members() = %q: Members must return a new slice", got)
		}
		for _, key := range keys[:50] {
			first, err := successors(r, ring, key, 3)
			if err != nil {
				r.Fatalf("Successors(%q, 3): %v", key, err)
			}
			want := slices.Clone(first)
			first[0] = "changed"
			if again, _ := successors(r, ring, key, 3); !slices.Equal(again, want) || !slices.Equal(want, m.clockwise(key)[:3]) {
				r.Fatalf("Successors(%q, 3) = %q, then %q after changing the first answer; want %q both times", key, want, again, m.clockwise(key)[:3])
			}
		}

		// Every key three times: 900 keys for the cap.
		var repeated []string
		for _, key := range keys {
			repeated = append(repeated, key, key, key)
		}
		for _, c := range []float64{1.05, 1.25} {
			want, limit := m.assignBounded(repeated, c, len(members))
			for round := range 3 {
				got, err := assignBounded(r, ring, repeated, c)
				if err != nil {
					r.Fatalf("AssignBounded(%d keys, %v): %v", len(repeated), c, err)
				}
				if !slices.Equal(got, want) {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					r.Fatalf("call %d of AssignBounded on the same %d keys (each key three times, each counted), c = %v, cap %d: key %d, %q, went to %q, want %q",
						round+1, len(repeated), c, limit, i, repeated[min(i, len(repeated)-1)], got[min(i, len(got)-1)], want[min(i, len(want)-1)])
				}
				got[0] = "changed"
			}
		}
		if after := owners(r, ring, keys); !slices.Equal(before, after) {
			r.Fatalf("AssignBounded changed the ring: Owner answers differently after it")
		}
	})
}
