package hashring_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
)

// TestBoundedLoadsByHand: BoundedCap is ceil(c * keys / members), and
// AssignBounded places keys in order, each on the first member clockwise
// that is not full, wrapping around. Rings and expectations are worked out
// by hand; the seed is not used.
//
//lab:points 4
func TestBoundedLoadsByHand(t *testing.T) {
	kit.Sweep(t, 1, func(r *kit.Run) {
		for _, tc := range []struct {
			c             float64
			keys, members int
			want          int
		}{
			{1.25, 10, 4, 4}, // 3.125
			{1.25, 8, 2, 5},  // exactly 5
			{1.5, 7, 2, 6},   // 5.25
			{1, 12, 4, 3},    // exactly 3
			{2, 0, 3, 0},
			{1.25, 10, 0, 0}, // no members
			// In floating point, as the doc comment computes it: c*keys
			// first, then the division.
			{1.1, 4000, 5, 880}, // 4400 / 5; c * (4000/5) is 880.0000000000001
			{1.05, 20, 3, 7},    // 21 / 3; c * (20/3) is 7.000000000000001
			{1.1, 50, 5, 12},    // 1.1 * 50 is 55.00000000000001: 11.000000000000002
		} {
			if got := hashring.BoundedCap(tc.c, tc.keys, tc.members); got != tc.want {
				r.Errorf("BoundedCap(%v, %d, %d) = %d, want %d: math.Ceil(c*float64(keys)/float64(members)), in that order, as the doc comment says (floating point rounds each step, and another order can land on the other side of a whole number)", tc.c, tc.keys, tc.members, got, tc.want)
			}
		}

		if r.Failed() {
			r.Fatalf("AssignBounded is not checked until BoundedCap is right")
		}

		// One virtual node each: a at 100, b at 200, c at 300; "key@N"
		// hashes to N.
		hash := func(s string) uint64 {
			switch s {
			case "a#0":
				return 100
			case "b#0":
				return 200
			case "c#0":
				return 300
			}
			n, _ := strconv.ParseUint(strings.TrimPrefix(s, "key@"), 10, 64)
			return n
		}
		ring := hashring.New(1, hash)
		for _, name := range []string{"c", "a", "b"} {
			if err := ring.Add(name); err != nil {
				r.Fatalf("Add(%q): %v", name, err)
			}
		}
		for _, tc := range []struct {
			c    float64
			keys []uint64
			want []string
			why  string
		}{{
			c:    1.25,
			keys: []uint64{50, 60, 70, 80, 150, 250},
			want: []string{"a", "a", "a", "b", "b", "c"},
			why:  "cap ceil(1.25*6/3) = 3: the fourth key of a goes on to b",
		}, {
			c:    1.25,
			keys: []uint64{350, 360, 370, 380, 390, 10, 20},
			want: []string{"a", "a", "a", "b", "b", "b", "c"},
			why:  "cap ceil(1.25*7/3) = 3: keys after c wrap around to a; when a is full they go on to b, then c",
		}, {
			c:    2,
			keys: []uint64{250, 260, 270, 280, 290, 299},
			want: []string{"c", "c", "c", "c", "a", "a"},
			why:  "cap ceil(2*6/3) = 4: c takes four, the rest wrap around to a",
		}, {
			c:    1,
			keys: []uint64{150, 160, 170},
			want: []string{"b", "c", "a"},
			why:  "cap ceil(1*3/3) = 1: one key each, going clockwise from b",
		}} {
			keys := make([]string, len(tc.keys))
			for i, h := range tc.keys {
				keys[i] = at(h)
			}
			got, err := assignBounded(r, ring, keys, tc.c)
			if err != nil || !slices.Equal(got, tc.want) {
				r.Errorf("members a@100, b@200, c@300: AssignBounded(keys hashing to %v, %v) = %q, %v; want %q (%s)", tc.keys, tc.c, got, err, tc.want, tc.why)
			}
		}
	})
}

// boundedVnodes is the virtual nodes per member in
// TestBoundedLoadsAcrossJoinsAndLeaves: few, so that the loads are uneven
// and the cap binds for many members.
const boundedVnodes = 5

// TestBoundedLoadsAcrossJoinsAndLeaves: over a sequence of joins and
// leaves, AssignBounded keeps every member within ceil(c * keys /
// members), places every key on a member, and places each key where the
// rule says: on the first member, going clockwise from the key's position,
// that held fewer than the cap when the key's turn came. Members have
// weights 1 to 3: the cap is the same for every member, whatever its
// weight.
//
//lab:points 6
func TestBoundedLoadsAcrossJoinsAndLeaves(t *testing.T) {
	kit.Sweep(t, 4, func(r *kit.Run) {
		rng := r.Rand("changes")
		c := []float64{1.05, 1.1, 1.25}[rng.IntN(3)]
		pool := memberNames(r.Rand("names"), 12)
		keys := randomKeys(r.Rand("keys"), 4000)
		members := slices.Clone(pool[:6])
		weights := map[string]int{}
		for _, name := range pool {
			weights[name] = 1 + rng.IntN(3)
		}
		ring := hashring.New(boundedVnodes, nil)
		for _, name := range members {
			if err := ring.AddWeighted(name, weights[name]); err != nil {
				r.Fatalf("AddWeighted(%q, %d): %v", name, weights[name], err)
			}
		}
		weightsOfMembers := func() map[string]int {
			w := map[string]int{}
			for _, name := range members {
				w[name] = weights[name]
			}
			return w
		}
		var changes []string
		for step := range 8 {
			if step > 0 {
				// A join or a leave at random, so that the number of
				// members, and with it keys/members, wanders from 1 to 12.
				if (rng.IntN(2) == 0 && len(members) < len(pool)) || len(members) == 1 {
					var out []string
					for _, name := range pool {
						if !slices.Contains(members, name) {
							out = append(out, name)
						}
					}
					joiner := out[rng.IntN(len(out))]
					if err := ring.AddWeighted(joiner, weights[joiner]); err != nil {
						r.Fatalf("AddWeighted(%q, %d): %v", joiner, weights[joiner], err)
					}
					members = append(members, joiner)
					changes = append(changes, "+"+joiner)
				} else {
					i := rng.IntN(len(members))
					ring.Remove(members[i])
					changes = append(changes, "-"+members[i])
					members = slices.Delete(members, i, i+1)
				}
			}
			got, err := assignBounded(r, ring, keys, c)
			if err != nil || len(got) != len(keys) {
				r.Fatalf("after %v: AssignBounded(%d keys, %v) gave %d owners, %v", changes, len(keys), c, len(got), err)
			}
			want, limit := newModel(boundedVnodes, weightsOfMembers()).assignBounded(keys, c, len(members))
			load := map[string]int{}
			for i, o := range got {
				if !slices.Contains(members, o) {
					r.Fatalf("after %v: AssignBounded put key %q on %q, which is not a member (members %q)", changes, keys[i], o, members)
				}
				load[o]++
				if load[o] > limit {
					r.Fatalf("after %v: AssignBounded puts more than ceil(%v * %d / %d) = %d keys on %s (key %q is one too many)", changes, c, len(keys), len(members), limit, o, keys[i])
				}
			}
			for i := range got {
				if got[i] != want[i] {
					r.Fatalf("after %v: AssignBounded put key %d, %q, on %s; want %s, the first member clockwise from the key that had fewer than %d keys when its turn came (owner %s)",
						changes, i, keys[i], got[i], want[i], limit, newModel(boundedVnodes, weightsOfMembers()).owner(keys[i]))
				}
			}
			full := 0
			for _, name := range members {
				if load[name] == limit {
					full++
				}
			}
			r.Logf("after %v: %d members (weights %v), cap %d, %d members full", changes, len(members), weightsOfMembers(), limit, full)
		}
	})
}
