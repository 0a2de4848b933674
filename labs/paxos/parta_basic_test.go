package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestSingleProposer: three nodes on a reliable network, one of which
// proposes; within a second every node decides its value.
//
//lab:points 2
//lab:part A
func TestSingleProposer(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newDecreeGroup(w, 3)
		g.proposeAt(0, g.ids[0], "only")
		g.requireAllDecide(r, time.Second)
		if g.value() != "only" {
			r.Fatalf("VALIDITY broken: the nodes decided %q; only %q was proposed", g.value(), "only")
		}
	})
}

// TestDuelingProposers: seven nodes on a fast network (1ms plus up to
// 0.5ms of delay). Five of them, n0-n4, propose different values a few
// milliseconds apart: node i at i×d, with d drawn from [1ms, 3ms) for
// each node (so n2 may propose before n1), and each new round cuts into
// the ones before; the randomized backoff must let one of them through,
// and at least four nodes decide within 5s. The other two, n5 and n6, are
// cut off until then: 10ms later the network heals and they propose their
// own values. They must learn the value decided before, not get theirs
// decided, and all seven decide within 5s of the heal.
//
//lab:points 3
//lab:part A
func TestDuelingProposers(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 500 * time.Microsecond}})
		g := newDecreeGroup(w, 7)
		rng := w.Rand("workload")
		for i, id := range g.ids[:5] {
			g.proposeAt(time.Duration(i)*between(rng, time.Millisecond, 3*time.Millisecond), id, fmt.Sprintf("v%d", id))
		}
		lateNodes := g.ids[5:]
		for _, id := range lateNodes {
			r.Check(w.Isolate(id))
		}
		ok, err := w.RunUntil(5*time.Second, func() bool { return len(g.deciders(0)) >= 4 })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: five dueling proposers on a reliable network: no majority of nodes decided within 5s (deciders: %s)", nameList(w, g.deciders(0)))
		}
		first := g.value()
		late := w.Now() + 10*time.Millisecond
		w.At(late, w.Heal)
		for _, id := range lateNodes {
			g.proposeAt(late, id, fmt.Sprintf("late%d", id))
		}
		g.requireAllDecide(r, late+5*time.Second)
		if g.value() != first {
			r.Fatalf("AGREEMENT broken: decided %q first, then %q", first, g.value())
		}
	})
}
