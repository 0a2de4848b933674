package hashring

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ErrEmpty is the error of a lookup on a ring without members.
var ErrEmpty = errors.New("hashring: the ring has no members")

// Point is one virtual node: a position on the ring and the member that
// owns it.
type Point struct {
	Hash uint64 // position on the ring
	Node string // name of the member
}

// Ring is a consistent-hash ring with virtual nodes and weights. The zero
// value is not usable; make one with New.
//
// A member named name with weight w has w*vnodes virtual nodes. Virtual
// node i (0 <= i < w*vnodes) sits at position hash(name + "#" + i), with i
// in decimal: "s1#0", "s1#1", ... These keys are unambiguous: the text after
// the last '#' is always the index, so two different (name, i) pairs never
// hash the same string, even when names contain digits or '#'.
//
// A key belongs to the member of the first point at or after hash(key),
// going clockwise: towards larger positions, and from the largest back to
// the smallest (the ring wraps around). Points at the same position are
// ordered by member name, so the member with the smaller name owns a key
// that hashes to exactly that position. Lookups depend only on the members
// and their weights, never on the order in which they were added.
//
// A Ring is not safe for concurrent use; in the simulator every node has
// its own.
type Ring struct {
	vnodes int  // virtual nodes per unit of weight
	hash   Hash // position of keys and virtual nodes
	// BEGIN SOLUTION
	// TODO: add your fields, e.g. the members with their weights, and the
	// points sorted by position (then by member name).
	weights map[string]int // members and their weights
	points  []Point        // sorted by Hash, then Node
	// END SOLUTION
}

// New returns an empty ring that gives each member vnodes virtual nodes
// per unit of weight, placed by hash (Default if hash is nil). It panics if
// vnodes is less than 1.
func New(vnodes int, hash Hash) *Ring {
	if vnodes < 1 {
		panic(fmt.Sprintf("hashring: New(%d, ...): a ring needs at least 1 virtual node per member", vnodes))
	}
	if hash == nil {
		hash = Default
	}
	r := &Ring{vnodes: vnodes, hash: hash}
	// BEGIN SOLUTION
	// TODO: initialize your fields.
	r.weights = map[string]int{}
	// END SOLUTION
	return r
}

// Add makes name a member with weight 1. Adding a member again changes
// nothing. The name must not be empty.
func (r *Ring) Add(name string) error {
	return r.AddWeighted(name, 1)
}

// AddWeighted makes name a member with weight w (w*vnodes virtual nodes),
// so that it gets a share of the keys near w/W, where W is the total weight
// of the members. If name is already a member, nothing changes, whatever
// w is: remove it first to change its weight. The name must not be empty
// and w must be at least 1.
func (r *Ring) AddWeighted(name string, w int) error {
	if name == "" {
		return errors.New("hashring: a member needs a name")
	}
	if w < 1 {
		return fmt.Errorf("hashring: weight %d of %q: weights are 1 or more", w, name)
	}
	// BEGIN SOLUTION
	// TODO: if name is new, record it and add its w*vnodes points (see
	// the Ring doc for their keys), keeping the points sorted by position
	// and, at equal positions, by member name.
	// STUB: return errors.New("hashring: AddWeighted is not implemented")
	if _, ok := r.weights[name]; ok {
		return nil
	}
	r.weights[name] = w
	added := make([]Point, w*r.vnodes)
	for i := range added {
		added[i] = Point{Hash: r.hash(pointKey(name, i)), Node: name}
	}
	slices.SortFunc(added, clockwise)
	r.points = merge(r.points, added)
	return nil
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: helpers you need, such as the key of a virtual node and the
// search for the first point at or after a position.

// clockwise orders points as the ring does: by position, then by member
// name.
func clockwise(a, b Point) int {
	return cmp.Or(cmp.Compare(a.Hash, b.Hash), strings.Compare(a.Node, b.Node))
}

// merge returns the points of a and b, each sorted clockwise, in one
// slice sorted clockwise: a ring that gains a member sorts only the
// member's points. At equal places, a's point comes first.
func merge(a, b []Point) []Point {
	out := make([]Point, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if clockwise(b[0], a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// pointKey returns the string hashed to place virtual node i of name.
func pointKey(name string, i int) string {
	return name + "#" + strconv.Itoa(i)
}

// search returns the index of the first point at or after position h,
// wrapping around to 0 past the last point. The ring must not be empty.
func (r *Ring) search(h uint64) int {
	i := sort.Search(len(r.points), func(i int) bool { return r.points[i].Hash >= h })
	if i == len(r.points) {
		i = 0
	}
	return i
}

// END SOLUTION

// Remove takes name and all its virtual nodes off the ring. Removing a
// name that is not a member changes nothing.
func (r *Ring) Remove(name string) {
	// BEGIN SOLUTION
	// TODO: forget the member and delete every one of its points.
	delete(r.weights, name)
	r.points = slices.DeleteFunc(r.points, func(p Point) bool { return p.Node == name })
	// END SOLUTION
}

// Owner returns the member that owns key: the member of the first point at
// or after hash(key), clockwise. It returns ErrEmpty if the ring has no
// members. It does not allocate: a store calls it on every operation.
func (r *Ring) Owner(key string) (string, error) {
	// BEGIN SOLUTION
	// TODO: find the first point at or after hash(key), wrapping around
	// past the last point to the first.
	// STUB: return "", errors.New("hashring: Owner is not implemented")
	if len(r.points) == 0 {
		return "", ErrEmpty
	}
	return r.points[r.search(r.hash(key))].Node, nil
	// END SOLUTION
}

// Successors returns the first n distinct members met going clockwise from
// hash(key): Owner(key) first, then the next member whose points follow,
// and so on, as a replicated store places n copies of a key. It returns
// ErrEmpty if the ring has no members, and an error if n is less than 1 or
// more than the number of members.
func (r *Ring) Successors(key string, n int) ([]string, error) {
	// BEGIN SOLUTION
	// TODO: check n, then walk the points clockwise from the key's
	// position, wrapping around, collecting each member the first time
	// you meet it, until you have n.
	// STUB: return nil, errors.New("hashring: Successors is not implemented")
	switch {
	case len(r.weights) == 0:
		return nil, ErrEmpty
	case n < 1 || n > len(r.weights):
		return nil, fmt.Errorf("hashring: %d successors asked of a ring of %d members", n, len(r.weights))
	}
	var out []string
	for i := r.search(r.hash(key)); len(out) < n; i = (i + 1) % len(r.points) {
		if node := r.points[i].Node; !slices.Contains(out, node) {
			out = append(out, node)
		}
	}
	return out, nil
	// END SOLUTION
}

// Members returns the names of the members, sorted.
func (r *Ring) Members() []string {
	// BEGIN SOLUTION
	// TODO: list the members in sorted order.
	// STUB: return nil
	return slices.Sorted(maps.Keys(r.weights))
	// END SOLUTION
}

// Len returns the number of members.
func (r *Ring) Len() int {
	// BEGIN SOLUTION
	// TODO: count the members.
	// STUB: return 0
	return len(r.weights)
	// END SOLUTION
}

// Points returns a copy of the ring's points in clockwise order: by
// position, and by member name at equal positions.
func (r *Ring) Points() []Point {
	// BEGIN SOLUTION
	// TODO: return a copy of the points in order.
	// STUB: return nil
	return slices.Clone(r.points)
	// END SOLUTION
}
