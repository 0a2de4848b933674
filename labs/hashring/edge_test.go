package hashring_test

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
)

// TestEmptyRingAndBadArguments: lookups on a ring without members fail
// with ErrEmpty, also once every member has been removed, and bad
// arguments get errors that start with "hashring: ".
//
//lab:points 2
func TestEmptyRingAndBadArguments(t *testing.T) {
	kit.Sweep(t, 2, func(r *kit.Run) {
		key := randomKeys(r.Rand("keys"), 1)[0]
		ring := hashring.New(10, nil)
		checkEmpty := func(when string) {
			r.T().Helper()
			if o, err := ring.Owner(key); !errors.Is(err, hashring.ErrEmpty) {
				r.Errorf("%s: Owner(%q) = %q, %v; want ErrEmpty", when, key, o, err)
			}
			if s, err := successors(r, ring, key, 1); !errors.Is(err, hashring.ErrEmpty) {
				r.Errorf("%s: Successors(%q, 1) = %q, %v; want ErrEmpty", when, key, s, err)
			}
			if a, err := assignBounded(r, ring, []string{key}, 1.25); !errors.Is(err, hashring.ErrEmpty) {
				r.Errorf("%s: AssignBounded([%q], 1.25) = %q, %v; want ErrEmpty", when, key, a, err)
			}
			if n, m, p := ring.Len(), ring.Members(), ring.Points(); n != 0 || len(m) != 0 || len(p) != 0 {
				r.Errorf("%s: Len() = %d, Members() = %q, %d points; want 0, none, none", when, n, m, len(p))
			}
		}
		checkEmpty("a new ring")
		names := memberNames(r.Rand("names"), 3)
		for _, name := range names {
			if err := ring.Add(name); err != nil {
				r.Fatalf("Add(%q): %v", name, err)
			}
		}
		for _, name := range names {
			ring.Remove(name)
		}
		checkEmpty("after adding and removing " + names[0] + ", " + names[1] + " and " + names[2])

		if err := ring.Add(""); !hasPrefix(err) {
			r.Errorf("Add(\"\") = %v; want an error starting with \"hashring: \"", err)
		}
		if err := ring.AddWeighted("x", 0); !hasPrefix(err) {
			r.Errorf("AddWeighted(\"x\", 0) = %v; want an error starting with \"hashring: \"", err)
		}
		if ring.Len() != 0 {
			r.Errorf("after the refused Add and AddWeighted, Len() = %d, want 0", ring.Len())
		}
		ring.Add("x")
		for _, n := range []int{0, -1, 2} {
			if s, err := successors(r, ring, key, n); !hasPrefix(err) {
				r.Errorf("Successors(%q, %d) on a ring of 1 member = %q, %v; want an error starting with \"hashring: \"", key, n, s, err)
			}
		}
		if a, err := assignBounded(r, ring, []string{key}, 0.9); !hasPrefix(err) {
			r.Errorf("AssignBounded(keys, 0.9) = %q, %v; want an error starting with \"hashring: \" (load factors are 1 or more)", a, err)
		}
	})
}

// TestOneMember: on a ring of one member, that member owns every key, is
// its only successor, and takes every key with bounded loads.
//
//lab:points 3
func TestOneMember(t *testing.T) {
	kit.Sweep(t, 2, func(r *kit.Run) {
		name := memberNames(r.Rand("names"), 1)[0]
		keys := randomKeys(r.Rand("keys"), 2000)
		ring := buildRing(r, 50, nil, name)
		for _, key := range keys {
			if o, err := ring.Owner(key); err != nil || o != name {
				r.Fatalf("ring of one member %q: Owner(%q) = %q, %v", name, key, o, err)
			}
			if s, err := successors(r, ring, key, 1); err != nil || !slices.Equal(s, []string{name}) {
				r.Fatalf("ring of one member %q: Successors(%q, 1) = %q, %v", name, key, s, err)
			}
		}
		got, err := assignBounded(r, ring, keys, 1.25)
		if err != nil || len(got) != len(keys) {
			r.Fatalf("ring of one member: AssignBounded(%d keys, 1.25) gave %d owners, %v", len(keys), len(got), err)
		}
		for i, o := range got {
			if o != name {
				r.Fatalf("ring of one member %q: AssignBounded put key %q on %q", name, keys[i], o)
			}
		}
		if m := ring.Members(); !slices.Equal(m, []string{name}) || ring.Len() != 1 || len(ring.Points()) != 50 {
			r.Errorf("ring of one member %q with 50 virtual nodes: Members() = %q, Len() = %d, %d points", name, m, ring.Len(), len(ring.Points()))
		}
	})
}

// TestWrapAround: keys that hash after the last point belong to the member
// of the first point, and every key's owner is the one the documented
// placement gives (hashring.Default, name#i, ties by name). The hash is
// Default, except that "raw:N" hashes to N, so that the test can put keys
// between the last point and the end of the ring however close to the end
// the last point falls.
//
//lab:points 4
func TestWrapAround(t *testing.T) {
	kit.Sweep(t, 3, func(r *kit.Run) {
		hash := func(s string) uint64 {
			if n, ok := strings.CutPrefix(s, "raw:"); ok {
				if v, err := strconv.ParseUint(n, 10, 64); err == nil {
					return v
				}
			}
			return hashring.Default(s)
		}
		names := memberNames(r.Rand("names"), 10)
		ring := buildRing(r, 20, hash, names...)
		m := newModel(20, weightsOf(names))
		first, last := m.points[0], m.points[len(m.points)-1]
		for _, pos := range []uint64{last.Hash + 1, last.Hash + (math.MaxUint64-last.Hash)/2, math.MaxUint64, 0, first.Hash, last.Hash} {
			want := first.Node
			if pos == last.Hash {
				want = last.Node
			}
			key := "raw:" + strconv.FormatUint(pos, 10)
			if got, err := ring.Owner(key); err != nil || got != want {
				r.Fatalf("a key hashing to %d (first point %d of %s, last point %d of %s): Owner = %q, %v; want %q (past the last point the ring wraps around to the first)",
					pos, first.Hash, first.Node, last.Hash, last.Node, got, err, want)
			}
		}
		wrapped := 0
		keys := randomKeys(r.Rand("keys"), 50_000)
		for _, key := range keys {
			got, err := ring.Owner(key)
			if err != nil {
				r.Fatalf("Owner(%q): %v", key, err)
			}
			if hashring.Default(key) > last.Hash {
				wrapped++
			}
			if want := m.owner(key); got != want {
				r.Fatalf("Owner(%q) = %q, want %q (key hash %d; members %q, 20 virtual nodes each)", key, got, want, hashring.Default(key), names)
			}
		}
		r.Logf("%d random keys checked, %d of them after the last point", len(keys), wrapped)
	})
}

// TestSuccessors: Successors(key, n) returns n distinct members, the owner
// first, in the order their points follow the key's position clockwise;
// asking for fewer gives a prefix of the same list.
//
//lab:points 3
func TestSuccessors(t *testing.T) {
	kit.Sweep(t, 3, func(r *kit.Run) {
		names := memberNames(r.Rand("names"), 2+r.Rand("size").IntN(7))
		ring := buildRing(r, 10, nil, names...)
		m := newModel(10, weightsOf(names))
		for _, key := range randomKeys(r.Rand("keys"), 500) {
			want := m.clockwise(key)
			for n := 1; n <= len(names); n++ {
				got, err := successors(r, ring, key, n)
				if err != nil {
					r.Fatalf("Successors(%q, %d) on %d members: %v", key, n, len(names), err)
				}
				if !slices.Equal(got, want[:n]) {
					r.Fatalf("Successors(%q, %d) = %q, want %q (distinct members in clockwise order from the key's position; members %q, 10 virtual nodes each)", key, n, got, want[:n], names)
				}
			}
			if s, err := successors(r, ring, key, len(names)+1); !hasPrefix(err) {
				r.Fatalf("Successors(%q, %d) on a ring of %d members = %q, %v; want an error starting with \"hashring: \"", key, len(names)+1, len(names), s, err)
			}
		}
	})
}

// TestRepeatedAddRemove: adding a member twice or removing it twice is the
// same as doing it once, removing a stranger changes nothing, and after
// any sequence of adds and removes the ring has exactly the points of its
// members, as if built afresh.
//
//lab:points 3
func TestRepeatedAddRemove(t *testing.T) {
	kit.Sweep(t, 5, func(r *kit.Run) {
		rng := r.Rand("ops")
		pool := memberNames(r.Rand("names"), 8)
		ring := hashring.New(30, nil)
		weights := map[string]int{}
		var log []string
		for step := range 60 {
			name := pool[rng.IntN(len(pool))]
			switch rng.IntN(4) {
			case 0, 1:
				w := 1 + rng.IntN(3)
				if err := ring.AddWeighted(name, w); err != nil {
					r.Fatalf("after %q: AddWeighted(%q, %d): %v", log, name, w, err)
				}
				log = append(log, "add "+name)
				if _, ok := weights[name]; !ok {
					weights[name] = w // a second Add leaves the weight as it was
				}
			case 2:
				ring.Remove(name)
				log = append(log, "remove "+name)
				delete(weights, name)
			case 3:
				ring.Remove("stranger")
				log = append(log, "remove stranger")
			}
			want := newModel(30, weights).points
			if got := ring.Points(); !slices.Equal(got, want) {
				r.Fatalf("step %d, after %q: the ring has %d points, want %d (exactly the points of its members %v, 30 per unit of weight)", step, log, len(got), len(want), weights)
			}
			if ring.Len() != len(weights) {
				r.Fatalf("step %d, after %q: Len() = %d, want %d", step, log, ring.Len(), len(weights))
			}
		}
	})
}
