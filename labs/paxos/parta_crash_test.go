package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// TestRestartedAcceptorsRemember: five nodes propose at once. The moment
// the first node decides, it is cut off (so its announcement is lost) and
// every other node crashes; they restart 5-20ms later and propose again.
// A value may have been chosen already, by acceptors that now restarted:
// what they accepted must have survived the crash in storage, and the
// value they decide must be the one the cut-off node decided. The four
// decide within 5s of the first decision; then the network heals, and all
// five know the decision within 5s more.
//
//lab:points 3
//lab:part A
func TestRestartedAcceptorsRemember(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newDecreeGroup(w, 5)
		for _, id := range g.ids {
			g.proposeAt(0, id, fmt.Sprintf("v%d", id))
		}
		rng := w.Rand("faults")
		struck := false
		w.Observe(func(ev sim.Event) error {
			if _, ok := ev.Msg.(paxos.Decision); !ok || ev.Kind != sim.KindCustom || struck {
				return nil
			}
			struck = true
			first := ev.Node
			w.After(0, func() {
				r.Check(w.Isolate(first))
				for _, id := range g.ids {
					if id == first || !w.Up(id) {
						continue
					}
					r.Check(w.Crash(id))
					w.After(5*time.Millisecond+time.Duration(rng.Int64N(int64(15*time.Millisecond))), func() { w.Restart(id) })
				}
			})
			return nil
		})
		ok, err := w.RunUntil(5*time.Second, func() bool { return struck })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: no node decided within 5s on a reliable network")
		}
		ok, err = w.RunUntil(w.Now()+5*time.Second, func() bool { return len(g.deciders(0)) >= 4 })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: after the restarts, the four connected nodes did not all decide within 5s (deciders: %s)", nameList(w, g.deciders(0)))
		}
		w.Heal()
		g.requireAllDecide(r, w.Now()+5*time.Second)
	})
}

// TestCrashRestart: five nodes each propose at a random time in the first
// second, over a slow network (3ms plus up to 10ms of delay) that loses
// 10% of messages and duplicates 5%, while, every 5-30ms until 1s, a
// random node that is up crashes and restarts 5-100ms later. Acceptors
// must keep their promises and acceptances across crashes. Agreement,
// validity and durable decisions are checked at every event. At 1.1s every
// node is up (any still down is restarted then), and every node decides
// by 11s: within 9.9s.
//
//lab:points 2
//lab:part A
func TestCrashRestart(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: 3 * time.Millisecond, Jitter: 10 * time.Millisecond, Loss: 0.1, Duplicate: 0.05}})
		g := newDecreeGroup(w, 5)
		rng := w.Rand("faults")
		for _, id := range g.ids {
			g.proposeAt(between(rng, 0, time.Second), id, fmt.Sprintf("v%d", id))
		}
		crashEvery(w, rng, g.ids, time.Second, 5*time.Millisecond, 30*time.Millisecond, 5*time.Millisecond, 100*time.Millisecond)
		r.Check(w.Run(time.Second + 100*time.Millisecond))
		restartAll(w, g.ids)
		g.requireAllDecide(r, 11*time.Second)
	})
}

// TestDecisionSurvivesRestart: five nodes on a reliable network; one
// proposes, and every node decides within 1s. Then every node crashes and
// restarts, each cut off from all the others: right after its Start, each
// must report the decision with Decided, from its storage alone. The
// network heals and every node is asked to propose a new value; for 1s
// more, no node emits a second Decision, and every node still reports the
// first value.
//
//lab:points 2
//lab:part A
func TestDecisionSurvivesRestart(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newDecreeGroup(w, 5)
		g.proposeAt(0, g.ids[0], "durable")
		g.requireAllDecide(r, time.Second)

		singles := make([][]sim.NodeID, len(g.ids))
		for i, id := range g.ids {
			singles[i] = []sim.NodeID{id}
			r.Check(w.Crash(id))
		}
		r.Check(w.Partition(singles...))
		for _, id := range g.ids {
			r.Check(w.Restart(id))
		}
		r.Check(w.RunFor(time.Millisecond)) // every Start runs
		r.Check(g.problem())
		for _, id := range g.ids {
			n := g.node(id)
			if n == nil {
				r.Fatalf("%s did not restart", w.Name(id))
			}
			if v, ok := n.Decided(); !ok || v != g.value() {
				r.Fatalf("DURABILITY broken: %s decided %q, crashed and restarted, cut off from every other node; then Decided() returns (%q, %v), want (%q, true): the decision must survive a crash, in storage",
					w.Name(id), g.value(), v, ok, g.value())
			}
		}

		w.Heal()
		for _, id := range g.ids {
			g.proposeAt(w.Now(), id, fmt.Sprintf("again%d", id))
		}
		r.Check(w.RunFor(time.Second))
		g.requireAllDecide(r, w.Now())
		if g.value() != "durable" {
			r.Fatalf("VALIDITY broken: the nodes decided %q; only %q was proposed at first", g.value(), "durable")
		}
	})
}
