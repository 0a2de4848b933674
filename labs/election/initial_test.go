package election_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
)

// TestInitialElection: on a healthy network, a cluster of 1 to 7 nodes
// agrees on one leader within 10 election timeouts of starting.
//
//lab:points 8
//lab:part A
func TestInitialElection(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		size := 1 + int(r.Seed%7)
		c := newCluster(r, size, healthyNet)
		c.awaitLeader(c.ids, electionBound, fmt.Sprintf("of the start, on a healthy network with %d nodes", size))
	})
}

// TestLeaderStaysLeader: once elected on a healthy network, a leader keeps
// its term for a virtual minute: its heartbeats reach every follower well
// within an election timeout, so no node starts an election.
//
//lab:points 8
//lab:part A
func TestLeaderStaysLeader(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		c := newCluster(r, 5, healthyNet)
		leader, term := c.awaitLeader(c.ids, electionBound, "of the start, on a healthy network")
		c.safe.expectQuiet(term, fmt.Sprintf("%s led term %d on a healthy network", c.name(leader), term))
		c.runFor(time.Minute)
		c.safe.endQuiet()
		if l, tm, ok := c.agreed(c.ids); !ok || l != leader || tm != term {
			r.Fatalf("%s led term %d a minute ago on a healthy network, and now the nodes say: %s",
				c.name(leader), term, c.views())
		}
	})
}
