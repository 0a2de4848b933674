package hashring_test

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
)

// goldenPositions places the virtual nodes of the golden ring by hand
// (two per unit of weight; w has weight 2). a#1 and d#0 collide at 500.
var goldenPositions = map[string]uint64{
	"a#0": 100, "a#1": 500,
	"b#0": 200, "b#1": 900,
	"c#0": 300, "c#1": 700,
	"d#0": 500, "d#1": 950,
	"w#0": 50, "w#1": 600, "w#2": 800, "w#3": 850,
}

// goldenHash is an injected Hash: "key@N" hashes to N, the virtual nodes
// to their goldenPositions, and anything else is recorded as unexpected.
type goldenHash struct {
	hashed     map[string]bool
	unexpected []string
}

func (g *goldenHash) hash(s string) uint64 {
	if n, ok := strings.CutPrefix(s, "key@"); ok {
		v, err := strconv.ParseUint(n, 10, 64)
		if err == nil {
			return v
		}
	}
	if pos, ok := goldenPositions[s]; ok {
		g.hashed[s] = true
		return pos
	}
	g.unexpected = append(g.unexpected, s)
	return 0
}

func at(h uint64) string { return "key@" + strconv.FormatUint(h, 10) }

// TestGoldenPositions: with a hash injected by the test, virtual nodes sit
// at hash(name#i), points are in clockwise order with ties broken by name,
// a key belongs to the first point at or after its hash (wrapping around
// past the last point), and Successors walks on from there. Every expected
// value below was worked out by hand from goldenPositions. The seed only
// shuffles the order in which members are added, which must not matter.
//
//lab:points 6
func TestGoldenPositions(t *testing.T) {
	kit.Sweep(t, 3, func(r *kit.Run) {
		order := []string{"a", "b", "c", "d", "w"}
		rng := r.Rand("order")
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		// Also both orders of the two members whose points collide.
		for _, order := range [][]string{order, {"a", "d", "b", "c", "w"}, {"d", "a", "w", "c", "b"}} {
			checkGolden(r, order)
		}
	})
}

// checkGolden builds the golden ring adding members in the given order
// and checks it against the hand-worked expectations.
func checkGolden(r *kit.Run, order []string) {
	r.T().Helper()
	g := &goldenHash{hashed: map[string]bool{}}
	ring := hashring.New(2, g.hash)
	for _, name := range order {
		w := 1
		if name == "w" {
			w = 2
		}
		if err := ring.AddWeighted(name, w); err != nil {
			r.Fatalf("AddWeighted(%q, %d): %v", name, w, err)
		}
	}
	if len(g.unexpected) > 0 {
		r.Fatalf("members added in order %v: the ring hashed %q, which are not virtual-node keys; virtual node i of member name is hashed as name#i (\"a#0\", \"a#1\", ...)", order, g.unexpected)
	}
	var missing []string
	for key := range goldenPositions {
		if !g.hashed[key] {
			missing = append(missing, key)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		r.Fatalf("members added in order %v: the ring never hashed the virtual-node keys %q (vnodes=2, w has weight 2: a#0, a#1, ..., w#0 to w#3)", order, missing)
	}

	want := []hashring.Point{
		{Hash: 50, Node: "w"}, {Hash: 100, Node: "a"}, {Hash: 200, Node: "b"}, {Hash: 300, Node: "c"},
		{Hash: 500, Node: "a"}, {Hash: 500, Node: "d"}, {Hash: 600, Node: "w"}, {Hash: 700, Node: "c"},
		{Hash: 800, Node: "w"}, {Hash: 850, Node: "w"}, {Hash: 900, Node: "b"}, {Hash: 950, Node: "d"},
	}
	if got := ring.Points(); !slices.Equal(got, want) {
		r.Fatalf("members added in order %v: Points() =\n    %v\nwant (by position, ties by name):\n    %v", order, got, want)
	}

	owners := []struct {
		hash uint64
		want string
	}{
		{0, "w"}, {50, "w"}, {51, "a"}, {100, "a"}, {101, "b"}, {299, "c"},
		{450, "a"}, {500, "a"}, // a#1 and d#0 both at 500: a, the smaller name
		{501, "w"}, {949, "d"}, {950, "d"},
		{951, "w"}, {math.MaxUint64, "w"}, // past the last point: wrap around to the first
	}
	for _, o := range owners {
		got, err := ring.Owner(at(o.hash))
		if err != nil || got != o.want {
			r.Errorf("members added in order %v: Owner of a key hashing to %d = %q, %v; want %q", order, o.hash, got, err, o.want)
		}
	}

	succ := []struct {
		hash uint64
		n    int
		want []string
	}{
		{0, 1, []string{"w"}},
		{450, 3, []string{"a", "d", "w"}},
		{501, 5, []string{"w", "c", "b", "d", "a"}}, // w's points at 800 and 850 are skipped
		{951, 5, []string{"w", "a", "b", "c", "d"}}, // wraps around
	}
	for _, s := range succ {
		got, err := successors(r, ring, at(s.hash), s.n)
		if err != nil || !slices.Equal(got, s.want) {
			r.Errorf("members added in order %v: Successors(key hashing to %d, %d) = %q, %v; want %q", order, s.hash, s.n, got, err, s.want)
		}
	}

	// Without d, keys after b's last point (900) wrap around to w.
	ring.Remove("d")
	for _, o := range []struct {
		hash uint64
		want string
	}{{450, "a"}, {500, "a"}, {920, "w"}, {950, "w"}} {
		got, err := ring.Owner(at(o.hash))
		if err != nil || got != o.want {
			r.Errorf("members added in order %v, then d removed: Owner of a key hashing to %d = %q, %v; want %q", order, o.hash, got, err, o.want)
		}
	}
	got, err := successors(r, ring, at(501), 4)
	if want := []string{"w", "c", "b", "a"}; err != nil || !slices.Equal(got, want) {
		r.Errorf("members added in order %v, then d removed: Successors(key hashing to 501, 4) = %q, %v; want %q", order, got, err, want)
	}
	if got := fmt.Sprint(ring.Members()); got != "[a b c w]" {
		r.Errorf("members added in order %v, then d removed: Members() = %s, want [a b c w]", order, got)
	}
}
