package election_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestAnyConnectedMajority: liveness in its general form. The seed draws a
// cluster of 1 to 7 nodes (even sizes too) on the healthy or the lossy
// network, and five times over any majority M of it (any majority, of
// any size from a bare one to the whole cluster) and a fate for each node
// outside M: down (from the very start, in the first round), paused, or
// up but cut off from M, in groups of its own with one-way cuts among
// them. The nodes of M are up and can all talk to each other. Within 10
// election timeouts the nodes of M agree on a leader: one of them leads a
// term and every other follows it in that term. At the end every node is
// up and the network heals, and all of them agree within 10 election
// timeouts.
//
//lab:points 8
//lab:part B
func TestAnyConnectedMajority(t *testing.T) {
	kit.Sweep(t, 60, func(r *kit.Run) {
		rng := r.Rand("majority")
		size := 1 + rng.IntN(7)
		net, netName := healthyNet, "healthy"
		if r.Seed%2 == 1 {
			net, netName = lossyNet, "lossy"
		}
		c := newCluster(r, size, net)
		for round := range 5 {
			order := slices.Clone(c.ids)
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			m := majority(size) + rng.IntN(size-majority(size)+1)
			inside, outside := slices.Clone(order[:m]), slices.Clone(order[m:])
			slices.Sort(inside)
			var down, paused, cutOff []sim.NodeID
			for _, id := range inside {
				if !c.w.Up(id) {
					r.Check(c.w.Restart(id))
				} else if c.w.Paused(id) {
					r.Check(c.w.Resume(id))
				}
			}
			for _, id := range outside {
				switch rng.IntN(3) {
				case 0:
					down = append(down, id)
					if c.w.Up(id) {
						r.Check(c.w.Crash(id))
					}
				case 1:
					paused = append(paused, id)
					if !c.w.Up(id) {
						r.Check(c.w.Restart(id))
					}
					if !c.w.Paused(id) {
						r.Check(c.w.Pause(id))
					}
				default:
					cutOff = append(cutOff, id)
					if !c.w.Up(id) {
						r.Check(c.w.Restart(id))
					} else if c.w.Paused(id) {
						r.Check(c.w.Resume(id))
					}
				}
			}
			// M is one group; everyone else is cut off from it, in groups
			// of their own, with a one-way cut between two of them.
			groups := [][]sim.NodeID{inside}
			if len(outside) > 0 {
				groups = append(groups, drawOutsideGroups(rng, outside)...)
			}
			r.Check(c.w.Partition(groups...))
			cuts := ""
			if len(outside) >= 2 {
				from, to := outside[0], outside[1]
				r.Check(c.w.Cut(from, to))
				cuts = fmt.Sprintf(", cut %s -> %s", c.name(from), c.name(to))
			}
			slices.Sort(down)
			slices.Sort(paused)
			slices.Sort(cutOff)
			what := fmt.Sprintf("in round %d on the %s network, of %d nodes: M = %s connected; down %s, paused %s, cut off %s (groups %s%s)",
				round+1, netName, size, c.safe.names(inside), c.safe.names(down), c.safe.names(paused), c.safe.names(cutOff), kit.GroupNames(groups, sim.NodeID.String), cuts)
			r.Logf("%s: %s", sim.FormatTime(c.w.Now()), what)
			c.awaitLeader(inside, electionBound, what)
			c.runFor(randomDuration(rng, time.Second))
		}
		c.w.Heal()
		for _, id := range c.ids {
			if !c.w.Up(id) {
				r.Check(c.w.Restart(id))
			} else if c.w.Paused(id) {
				r.Check(c.w.Resume(id))
			}
		}
		c.awaitLeader(c.ids, electionBound, "after every node was up again and the network healed")
	})
}

// drawOutsideGroups splits the nodes outside a majority into one to three
// groups.
func drawOutsideGroups(rng interface{ IntN(int) int }, ids []sim.NodeID) [][]sim.NodeID {
	k := 1 + rng.IntN(min(3, len(ids)))
	groups := make([][]sim.NodeID, k)
	for i, id := range ids {
		g := i % k
		if i >= k {
			g = rng.IntN(k)
		}
		groups[g] = append(groups[g], id)
	}
	for _, g := range groups {
		slices.Sort(g)
	}
	return groups
}

// majority is the smallest number of nodes that is more than half of n.
func majority(n int) int { return n/2 + 1 }
