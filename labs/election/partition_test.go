package election_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
)

// TestPartitions: five nodes are split into a minority of two and a
// majority of three, until the majority has a leader and for two seconds
// more, three times per seed (the first time with the leader in the
// minority). No node of the minority becomes leader while it is cut off;
// the majority agrees on a leader within 10 election timeouts; after the
// network heals, all five agree on one leader within 10 election
// timeouts, and then no node starts an election for ten seconds.
//
//lab:points 8
//lab:part B
func TestPartitions(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		c := newCluster(r, 5, healthyNet)
		rng := r.Rand("partitions")
		leader, term := c.awaitLeader(c.ids, electionBound, "of the start, on a healthy network")
		for round := range 3 {
			// The minority: the leader and one other node in the first
			// round, any two nodes after that.
			order := slices.Clone(c.ids)
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			if round == 0 {
				i := slices.Index(order, leader)
				order[0], order[i] = order[i], order[0]
			}
			minority, majority := order[:2], order[2:]
			slices.Sort(minority)
			slices.Sort(majority)
			r.Check(c.w.Partition(minority, majority))
			c.safe.forbid(minority, fmt.Sprintf("in the minority %s, which cannot gather votes from a majority", c.safe.names(minority)))
			c.awaitLeader(majority, electionBound, fmt.Sprintf("in the majority %s after the partition", c.safe.names(majority)))
			c.runFor(2 * time.Second)
			c.safe.allow()
			c.w.Heal()
			leader, term = c.awaitLeader(c.ids, electionBound, "after the partition healed")
			c.safe.expectQuiet(term, fmt.Sprintf("%s led term %d on a healed, healthy network", c.name(leader), term))
			c.runFor(10 * time.Second)
			c.safe.endQuiet()
		}
	})
}

// TestEvenSplit: a cluster of 2, 4 or 6 nodes is split into two halves,
// the leader in one of them, twice per seed: neither half is a majority,
// so no node becomes leader for 3 seconds (an old leader may go on
// believing it leads); after the heal, all agree on a leader within 10
// election timeouts.
//
//lab:points 4
//lab:part B
func TestEvenSplit(t *testing.T) {
	kit.Sweep(t, 40, func(r *kit.Run) {
		size := []int{2, 4, 6}[r.Seed%3]
		c := newCluster(r, size, healthyNet)
		rng := r.Rand("split")
		c.awaitLeader(c.ids, electionBound, fmt.Sprintf("of the start, on a healthy network with %d nodes", size))
		for range 2 {
			order := slices.Clone(c.ids)
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			a, b := order[:size/2], order[size/2:]
			slices.Sort(a)
			slices.Sort(b)
			r.Check(c.w.Partition(a, b))
			c.safe.forbid(c.ids, fmt.Sprintf("while the network was split evenly, %s | %s: neither half is a majority of %d", c.safe.names(a), c.safe.names(b), size))
			c.runFor(3 * time.Second)
			c.safe.allow()
			c.w.Heal()
			c.awaitLeader(c.ids, electionBound, "after the even split healed")
			c.runFor(randomDuration(rng, time.Second))
		}
	})
}
