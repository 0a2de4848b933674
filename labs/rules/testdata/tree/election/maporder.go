package election

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/distlab/distlab/sim"
)

type Node struct {
	env    sim.Env
	votes  map[sim.NodeID]bool
	peers  map[sim.NodeID]string
	data   map[string]int
	leader sim.NodeID
	rounds []int
}

// Accepted: loops whose result does not depend on the order.

func (n *Node) count() int {
	c := 0
	for _, ok := range n.votes {
		if ok {
			c++
		}
	}
	return c
}

func (n *Node) sum(weights map[string]int) (total int, most int, least int) {
	for name, w := range weights {
		if strings.HasPrefix(name, "n") {
			total += w
		}
		most = max(most, w)
		least = min(w, least)
	}
	return total, most, least
}

func (n *Node) prune(floor int) {
	for k, v := range n.data {
		if v < floor {
			delete(n.data, k)
			n.env.Storage().Delete("data/" + k)
		}
	}
}

func (n *Node) merge(from map[string]int, seen map[string]int) {
	for k, v := range from {
		n.data[k] = max(n.data[k], v)
		seen[k] = v
	}
}

func (n *Node) histogram() map[int]int {
	h := map[int]int{}
	for _, v := range n.data {
		h[v]++
	}
	return h
}

func (n *Node) allPositive() bool {
	for _, v := range n.data {
		if v <= 0 {
			return false
		}
	}
	return true
}

func (n *Node) any(big int) bool {
	found := false
	for _, v := range n.data {
		if v > big {
			found = true
			break
		}
	}
	return found
}

func (n *Node) sortedKeys() []string {
	var keys []string
	for k := range n.data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (n *Node) sortedPeers() []sim.NodeID {
	ids := make([]sim.NodeID, 0, len(n.peers))
	for id := range n.peers {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func (n *Node) broadcast(msg string) {
	for _, id := range slices.Sorted(maps.Keys(n.peers)) {
		n.env.Send(id, msg)
	}
}

// valid is a method without effects: a loop over a map may call it.
func (n *Node) valid(k string) bool { return len(k) > 0 && n.data[k] >= 0 }

func (n *Node) countValid() int {
	c := 0
	for k := range n.data {
		if n.valid(k) && n.env.ID() >= 0 {
			c++
		}
	}
	return c
}

func (n *Node) nested(groups map[string][]int) int {
	c := 0
	for _, g := range groups {
		for _, x := range g {
			if x == 0 {
				break
			}
			c += x
		}
	}
	return c
}

// Rejected: the order decides what the node does.

func (n *Node) sendAll(msg string) {
	for id := range n.peers {
		n.env.Send(id, msg) // want `^map-order: calls n.env.Send in a loop over a map — Go randomizes map iteration order`
	}
}

func (n *Node) pickLeader() {
	for id, ok := range n.votes {
		if ok {
			n.leader = id // want `^map-order: assigns n.leader from the entry \(which entry wins depends on the order\) in a loop over a map`
		}
	}
}

func (n *Node) pickAndStop() {
	for id := range n.votes {
		n.leader = id // want `^map-order: assigns n.leader from the entry`
		break
	}
}

func (n *Node) countUntil() int {
	c := 0
	for k := range n.data {
		c++
		if k == "stop" {
			break // want `^map-order: leaves the loop early after writing c`
		}
	}
	return c
}

func (n *Node) first() sim.NodeID {
	for id := range n.votes {
		return id // want `^map-order: returns id, which depends on which entry comes first`
	}
	return 0
}

func (n *Node) unsortedKeys() []string {
	var keys []string
	for k := range n.data {
		keys = append(keys, k) // want `^map-order: appends to keys \(sort it right after the loop: slices.Sort\(keys\)\)`
	}
	return keys
}

func (n *Node) appendRounds() {
	for _, v := range n.data {
		n.rounds = append(n.rounds, v) // want `^map-order: appends to n.rounds`
	}
}

func (n *Node) invert() map[int]string {
	inv := map[int]string{}
	for k, v := range n.data {
		inv[v] = k // want `^map-order: assigns inv\[v\] from the entry`
	}
	return inv
}

func (n *Node) firstThree() map[string]bool {
	picked := map[string]bool{}
	c := 0
	for k := range n.data {
		if c < 3 { // want `^map-order: reads c, which the loop writes, in a loop over a map`
			picked[k] = true
			c++
		}
	}
	return picked
}

func (n *Node) floats(w map[string]float64) float64 {
	total := 0.0
	for _, v := range w {
		total += v // want `^map-order: sums floats into total \(rounding depends on the order\)`
	}
	return total
}

func (n *Node) concat() string {
	s := ""
	for k := range n.data {
		s += k // want `^map-order: concatenates onto s`
	}
	return s
}

func (n *Node) persist() {
	for k := range n.data {
		n.env.Storage().Put(k, nil) // want `^map-order: calls n.env.Storage\(\).Put`
	}
}

func (n *Node) log() {
	for k := range n.data {
		n.env.Logf("%s", k) // want `^map-order: calls n.env.Logf`
	}
}

func (n *Node) bump(k string) { n.data[k]++ }

func (n *Node) callsBump() {
	for k := range n.data {
		n.bump(k) // want `^map-order: calls n.bump, which writes n.data\[k\]`
	}
}

func (n *Node) rand() int {
	c := 0
	for range n.data {
		c += n.env.Rand().IntN(3) // want `^map-order: calls n.env.Rand\(\).IntN, which can change n.env.Rand\(\)`
	}
	return c
}

func (n *Node) keysIter() {
	for id := range maps.Keys(n.peers) {
		n.env.Send(id, "x") // want `^map-order: calls n.env.Send`
	}
}

func (n *Node) collect() []string {
	return slices.Collect(maps.Keys(n.data)) // want `^map-order: maps.Keys yields in random order outside a range loop`
}

func (n *Node) sortedLater() []string {
	var keys []string
	for k := range n.data {
		keys = append(keys, k) // want `^map-order: appends to keys`
	}
	n.leader = 0
	slices.Sort(keys)
	return keys
}

func (n *Node) deferred() {
	for range n.data {
		defer n.count() // want `^map-order: defer in a loop over a map`
	}
}

type bag struct {
	items map[string]bool
	n     int
}

func (b *bag) full() bool { return b.n >= 3 }

func (b *bag) fill(from map[string]int) {
	for k := range from {
		if !b.full() { // want `^map-order: hands b to b.full, which may read b.(items|n), which the loop writes`
			b.items[k] = true
			b.n++
		}
	}
}

func (n *Node) sizes(from map[string]int) map[string]int {
	seen := map[string]int{}
	for k, v := range from {
		if len(seen) < 2 { // want `^map-order: reads seen, which the loop writes`
			seen[k] = v
		}
	}
	return seen
}

// keys wraps a map range in an iterator: the loop inside calls yield,
// a func value, in map order.
func keys(m map[string]int) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) { // want `^map-order: calls yield, a func value`
				return
			}
		}
	}
}

type hashed struct {
	hash func(string) uint64
	data map[string]int
}

// A func-valued field with results (a hash function) is taken to be pure.
func (h *hashed) spread() map[uint64]int {
	out := map[uint64]int{}
	for k := range h.data {
		out[h.hash(k)%8]++
	}
	return out
}
