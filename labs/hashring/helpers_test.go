package hashring_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
)

// model is the test's own ring, written from the hashring documentation
// and independent of the code under test: virtual node i of member name
// sits at hashring.Default(name + "#" + i), points are ordered by position
// and then by name, and a key belongs to the first point at or after its
// hash, wrapping around.
type model struct {
	points []hashring.Point
}

// newModel builds the model ring of members with the given weights.
func newModel(vnodes int, weights map[string]int) *model {
	m := &model{}
	for name, w := range weights {
		for i := range w * vnodes {
			m.points = append(m.points, hashring.Point{Hash: hashring.Default(name + "#" + strconv.Itoa(i)), Node: name})
		}
	}
	slices.SortFunc(m.points, func(a, b hashring.Point) int {
		return cmp.Or(cmp.Compare(a.Hash, b.Hash), strings.Compare(a.Node, b.Node))
	})
	return m
}

// first returns the index of the point that owns position h.
func (m *model) first(h uint64) int {
	i := sort.Search(len(m.points), func(i int) bool { return m.points[i].Hash >= h })
	return i % len(m.points)
}

// owner returns the member that owns key.
func (m *model) owner(key string) string {
	return m.points[m.first(hashring.Default(key))].Node
}

// clockwise returns every member in the order met going clockwise from
// key's position.
func (m *model) clockwise(key string) []string {
	var out []string
	seen := map[string]bool{}
	start := m.first(hashring.Default(key))
	for k := range m.points {
		node := m.points[(start+k)%len(m.points)].Node
		if !seen[node] {
			seen[node] = true
			out = append(out, node)
		}
	}
	return out
}

// assignBounded places keys in order, each with the first member met
// going clockwise from the key's position that holds fewer than the cap
// ceil(c*keys/members).
func (m *model) assignBounded(keys []string, c float64, members int) (owners []string, limit int) {
	limit = int(math.Ceil(c * float64(len(keys)) / float64(members)))
	load := map[string]int{}
	for _, key := range keys {
		i := m.first(hashring.Default(key))
		for load[m.points[i].Node] >= limit {
			i = (i + 1) % len(m.points)
		}
		load[m.points[i].Node]++
		owners = append(owners, m.points[i].Node)
	}
	return owners, limit
}

// memberNames returns n distinct random member names, such as "node-4f1a".
func memberNames(rng *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var names []string
	for len(names) < n {
		name := fmt.Sprintf("node-%x", rng.IntN(1<<20))
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}

// randomKeys returns n random keys, such as "key-3kf9a0b1".
func randomKeys(rng *rand.Rand, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "key-" + strconv.FormatUint(rng.Uint64(), 36)
	}
	return keys
}

// buildRing returns a ring of the members with weight 1, failing the run
// if a member cannot be added.
func buildRing(r *kit.Run, vnodes int, hash hashring.Hash, members ...string) *hashring.Ring {
	r.T().Helper()
	ring := hashring.New(vnodes, hash)
	for _, name := range members {
		if err := ring.Add(name); err != nil {
			r.Fatalf("Add(%q): %v", name, err)
		}
	}
	return ring
}

// owners returns the owner of each key, failing the run on an error.
func owners(r *kit.Run, ring *hashring.Ring, keys []string) []string {
	r.T().Helper()
	out := make([]string, len(keys))
	for i, key := range keys {
		o, err := ring.Owner(key)
		if err != nil {
			r.Fatalf("Owner(%q) on a ring of %d members: %v", key, ring.Len(), err)
		}
		out[i] = o
	}
	return out
}

// weightsOf gives every member weight 1.
func weightsOf(members []string) map[string]int {
	w := map[string]int{}
	for _, name := range members {
		w[name] = 1
	}
	return w
}

// hasPrefix reports whether err's message starts with the package name.
func hasPrefix(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), "hashring: ")
}

// assignBounded calls ring.AssignBounded, failing the run if it hangs: a
// ring that walks around forever would otherwise hang the test binary.
func assignBounded(r *kit.Run, ring *hashring.Ring, keys []string, c float64) (owners []string, err error) {
	r.T().Helper()
	r.Within(fmt.Sprintf("AssignBounded(%d keys, %v) on a ring of %d members (does it walk around the ring forever when every member is full?)", len(keys), c, ring.Len()), func() {
		owners, err = ring.AssignBounded(keys, c)
	})
	return owners, err
}

// successors calls ring.Successors, failing the run if it hangs.
func successors(r *kit.Run, ring *hashring.Ring, key string, n int) (members []string, err error) {
	r.T().Helper()
	r.Within(fmt.Sprintf("Successors(%q, %d) on a ring of %d members (does it walk around the ring forever looking for more members?)", key, n, ring.Len()), func() {
		members, err = ring.Successors(key, n)
	})
	return members, err
}
