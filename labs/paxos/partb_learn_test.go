package paxos_test

import (
	"testing"

	"github.com/distlab/distlab/labs/kit"
)

// TestLearnFromAnyPeer: TestLearnFromAnyNode for Part B, on one of
// instances 0-3 (drawn by the seed), while a few other instances are
// decided around it: every peer of a connected majority in which a peer
// proposes learns every decided instance, whoever decided it and
// whichever peer it hears it from.
//
//lab:points 2
//lab:part B
func TestLearnFromAnyPeer(t *testing.T) {
	kit.Sweep(t, 60, func(r *kit.Run) { learnFromAny(r, partB) })
}
