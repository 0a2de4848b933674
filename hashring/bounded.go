package hashring

import (
	"fmt"
	"math"
)

// BoundedCap returns the most keys one member may hold when keys keys are
// spread over members members with load factor c (consistent hashing with
// bounded loads): ceil(c * keys / members), computed as
// math.Ceil(c*float64(keys)/float64(members)). It returns 0 if members is 0.
func BoundedCap(c float64, keys, members int) int {
	// BEGIN SOLUTION
	// TODO: compute the cap, exactly as the doc comment says.
	// STUB: return 0
	if members == 0 {
		return 0
	}
	return int(math.Ceil(c * float64(keys) / float64(members)))
	// END SOLUTION
}

// AssignBounded places keys on the ring with bounded loads (Mirrokni,
// Thorup and Zadimoghaddam, 2017) and returns the member of each key, in
// the order of keys. Keys are placed one at a time, in the order given;
// each goes to its owner unless the owner already holds
// BoundedCap(c, len(keys), r.Len()) keys, and otherwise to the first member
// clockwise from the key's position that holds fewer. Every member may hold
// up to the same cap, whatever its weight; a repeated key counts as
// another key.
//
// Since c >= 1, the caps add up to at least len(keys) and every key finds
// a member. Placing the same keys again after members join or leave keeps
// every load within the new cap. It returns ErrEmpty if the ring has no
// members, and an error if c is less than 1 (or not a finite number).
func (r *Ring) AssignBounded(keys []string, c float64) ([]string, error) {
	if !(c >= 1) || math.IsInf(c, 1) {
		return nil, fmt.Errorf("hashring: load factor %v: bounded loads need a factor of 1 or more", c)
	}
	// BEGIN SOLUTION
	// TODO: compute the cap; then, for each key in order, walk clockwise
	// from its position past the points of members that are full, and
	// count the key against the member you stop at.
	// STUB: return nil, errors.New("hashring: AssignBounded is not implemented")
	if len(r.points) == 0 {
		return nil, ErrEmpty
	}
	limit := BoundedCap(c, len(keys), len(r.weights))
	load := map[string]int{}
	owners := make([]string, len(keys))
	for k, key := range keys {
		i := r.search(r.hash(key))
		for load[r.points[i].Node] >= limit {
			i = (i + 1) % len(r.points)
		}
		owners[k] = r.points[i].Node
		load[owners[k]]++
	}
	return owners, nil
	// END SOLUTION
}
