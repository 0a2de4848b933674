package hashring_test

import (
	"math"
	"testing"

	"github.com/distlab/distlab/labs/kit"
)

// monotonicVnodes is the virtual nodes per member of the monotonicity
// tests, and monotonicTolerance how far the moved fraction may be from
// its ideal, relative to it.
//
// With v virtual nodes, one member's share of the ring has a relative
// standard deviation near 1/sqrt(v), 3.2% for v = 1,000 (the members'
// names are random, so this is the spread over seeds), and 100,000 keys
// add about 1% more. 25% is more than seven standard deviations: a
// correct ring stays inside it on every seed, while a ring that moves keys
// between the old members, or gives the newcomer far too few or too many
// points, does not.
const (
	monotonicVnodes    = 1000
	monotonicTolerance = 0.25
	monotonicKeys      = 100_000
)

// TestJoinMovesKeysOnlyToNewMember: when a member joins a ring of n, every
// key whose owner changes now belongs to the newcomer, and the fraction of
// keys that move is within 25% of 1/(n+1).
//
//lab:points 4
func TestJoinMovesKeysOnlyToNewMember(t *testing.T) {
	kit.Sweep(t, 6, func(r *kit.Run) {
		n := 4 + r.Rand("size").IntN(9)
		names := memberNames(r.Rand("names"), n+1)
		joiner := names[n]
		keys := randomKeys(r.Rand("keys"), monotonicKeys)
		ring := buildRing(r, monotonicVnodes, nil, names[:n]...)
		before := owners(r, ring, keys)
		if err := ring.Add(joiner); err != nil {
			r.Fatalf("Add(%q): %v", joiner, err)
		}
		after := owners(r, ring, keys)
		moved := 0
		for i, key := range keys {
			if before[i] == after[i] {
				continue
			}
			moved++
			if after[i] != joiner {
				r.Fatalf("%s joined a ring of %d members, and key %q moved from %s to %s: a join may only move keys to the newcomer", joiner, n, key, before[i], after[i])
			}
		}
		checkMovedFraction(r, "join of "+joiner+" to", moved, len(keys), n+1)
	})
}

// TestLeaveMovesOnlyLeaversKeys: when a member leaves a ring of n+1, the
// keys it owned move and no others, and the fraction of keys that move is
// within 25% of 1/(n+1).
//
//lab:points 4
func TestLeaveMovesOnlyLeaversKeys(t *testing.T) {
	kit.Sweep(t, 6, func(r *kit.Run) {
		n := 4 + r.Rand("size").IntN(9)
		names := memberNames(r.Rand("names"), n+1)
		leaver := names[r.Rand("leaver").IntN(n+1)]
		keys := randomKeys(r.Rand("keys"), monotonicKeys)
		ring := buildRing(r, monotonicVnodes, nil, names...)
		before := owners(r, ring, keys)
		ring.Remove(leaver)
		after := owners(r, ring, keys)
		moved := 0
		for i, key := range keys {
			switch {
			case before[i] == leaver && after[i] == leaver:
				r.Fatalf("%s left the ring, yet still owns key %q", leaver, key)
			case before[i] == leaver:
				moved++
			case before[i] != after[i]:
				r.Fatalf("%s left a ring of %d members, and key %q moved from %s to %s: a leave may only move the leaver's keys", leaver, n+1, key, before[i], after[i])
			}
		}
		checkMovedFraction(r, "leave of "+leaver+" from", moved, len(keys), n+1)
	})
}

// checkMovedFraction fails the run if moved/keys is not within
// monotonicTolerance of 1/members.
func checkMovedFraction(r *kit.Run, what string, moved, keys, members int) {
	r.T().Helper()
	got := float64(moved) / float64(keys)
	ideal := 1 / float64(members)
	r.Logf("%s a ring of %d members (%d virtual nodes each): %.4f of the keys moved, ideal %.4f", what, members, monotonicVnodes, got, ideal)
	if math.Abs(got/ideal-1) > monotonicTolerance {
		r.Fatalf("%s the ring moved %d of %d keys (%.4f), want within %.0f%% of 1/%d = %.4f", what, moved, keys, got, monotonicTolerance*100, members, ideal)
	}
}
