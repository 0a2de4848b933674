package paxos_test

import (
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// TestAdoptHighestBallot: a scripted run on five nodes n0-n4 over a
// reliable network, in which two values are accepted at different ballots,
// and a third proposer must pick the one of the higher ballot.
//
//  1. n0, n3 and n4 are connected (n1 and n2 are cut off), and n0 proposes
//     "stale". The moment n3 first answers n0, the link from n0 to n3 is
//     cut: with the reference, n0 gets its promises, but only n0 and n4
//     accept "stale", two of five, so it is not chosen.
//  2. At 50ms n1, n2 and n3 are connected, and n0 and n4 each cut off
//     alone; n1 proposes "chosen", which those three accept: it is chosen.
//     One seed in two, n1's value is the empty string instead: a value
//     like any other (kvpaxos servers may propose it as their no-op), and
//     a proposer must not take it for "nothing accepted".
//     The moment a node decides, it is cut off, so that no other node
//     hears of the decision.
//  3. 20ms later n2, n3 and n4 are connected, and n4 proposes "late".
//     n2 and n3 are paused for 20ms, so that n4 hears its own acceptor
//     first, which reports "stale", accepted with n0's ballot; then n2 and
//     n3 report "chosen", accepted with n1's ballot, a higher one. n4 must
//     propose "chosen": the value of the highest-ballot proposal reported,
//     not the first one, and not its own even if that value is empty.
//     One seed in two the order is the other way round: n2 proposes, and
//     n4 is the one paused, so that "stale" is the last report n2 hears,
//     and n2 must not take the last one either.
//
// 200ms later the network heals, and every node decides within 5s.
// Agreement and validity are checked at every event.
//
//lab:points 3
//lab:part A
func TestAdoptHighestBallot(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newDecreeGroup(w, 5)
		n := g.ids
		alone := func(id sim.NodeID) []sim.NodeID { return []sim.NodeID{id} }

		// 1. "stale" is accepted by n0 and n4 only.
		r.Check(w.Partition([]sim.NodeID{n[0], n[3], n[4]}, []sim.NodeID{n[1], n[2]}))
		armed := true
		w.Observe(func(ev sim.Event) error {
			if armed && ev.Kind == sim.KindSend && ev.Node == n[3] && ev.Peer == n[0] {
				armed = false
				w.After(0, func() { w.Cut(n[0], n[3]) })
			}
			return nil
		})
		g.proposeAt(0, n[0], "stale")

		// 2. "chosen" is chosen by n1, n2 and n3; the first to decide is
		// cut off at once.
		first := sim.NoNode
		w.Observe(func(ev sim.Event) error {
			if _, ok := ev.Msg.(paxos.Decision); ok && ev.Kind == sim.KindCustom && first == sim.NoNode {
				first = ev.Node
				w.After(0, func() { w.Isolate(first) })
			}
			return nil
		})
		const phase2 = 50 * time.Millisecond
		w.At(phase2, func() {
			armed = false
			w.Partition([]sim.NodeID{n[1], n[2], n[3]}, alone(n[0]), alone(n[4]))
		})
		chosen := "chosen"
		if r.Rand("values").IntN(2) == 0 {
			chosen = "" // an accepted empty value is still a proposal
		}
		g.proposeAt(phase2, n[1], chosen)
		ok, err := w.RunUntil(phase2+2*time.Second, func() bool { return first != sim.NoNode })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: n1 proposed with n1, n2 and n3 connected, a majority of 5, on a reliable network, and no node decided within 2s")
		}

		// 3. n4 hears "stale" (lower ballot) before "chosen" (higher).
		phase3 := w.Now() + 20*time.Millisecond
		var rest []sim.NodeID
		for _, id := range []sim.NodeID{n[2], n[3], n[4]} {
			if id != first {
				rest = append(rest, id)
			}
		}
		proposer := n[4] // hears "stale" first, from itself
		if r.Rand("order").IntN(2) == 0 && slices.Contains(rest, n[2]) {
			proposer = n[2] // hears "stale" last, from n4
		}
		w.At(phase3, func() {
			var groups [][]sim.NodeID
			groups = append(groups, rest)
			for _, id := range n {
				if !slices.Contains(rest, id) {
					groups = append(groups, alone(id))
				}
			}
			w.Partition(groups...)
			for _, id := range rest {
				if (id == n[4]) != (proposer == n[4]) {
					w.Pause(id)
					w.After(20*time.Millisecond, func() { w.Resume(id) })
				}
			}
		})
		g.proposeAt(phase3, proposer, "late")
		r.Check(w.Run(phase3 + 200*time.Millisecond))
		w.Heal()
		g.requireAllDecide(r, w.Now()+5*time.Second)
	})
}
