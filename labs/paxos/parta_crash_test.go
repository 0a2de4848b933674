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
// value they decide must be the one the cut-off node decided.
//
//lab:points 5
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
		ok, err = w.RunUntil(w.Now()+5*time.Second, func() bool { return len(g.deciders()) >= 4 })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: after the restarts, the four connected nodes did not all decide within 5s (deciders: %s)", nameList(w, g.deciders()))
		}
		w.Heal()
		g.requireAllDecide(r, w.Now()+5*time.Second)
	})
}

// TestCrashRestart: five nodes propose at random times in the first
// second, over a slow network that loses 10% of messages, while nodes
// crash every 5-30ms and restart 5-100ms later (at times all of them are
// down). Acceptors must keep their promises and acceptances across
// crashes. Agreement and validity are checked at every event; once every
// node is back up, every node decides within 10s.
//
//lab:points 4
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
