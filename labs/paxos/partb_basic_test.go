package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// TestInstancesBasic: three peers on a reliable network. Instance 0 has a
// single proposer, instance 1 three proposers of the same value, instance
// 2 three proposers of different values; instances 7, 6, 5, 4 start in
// that order, then 3. Every peer decides every instance within a second
// (5s for the contended one); Max is 7 everywhere; an instance nobody
// started is Pending.
//
//lab:points 2
//lab:part B
func TestInstancesBasic(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 3)
		p := g.ids

		g.startAt(0, p[0], 0, "hello")
		g.waitDecided(r, 0, 3, time.Second)
		if _, v := g.peer(p[1]).Status(0); v != "hello" {
			r.Fatalf("VALIDITY broken: instance 0 decided %q; only %q was proposed", v, "hello")
		}

		now := w.Now()
		for _, id := range p {
			g.startAt(now, id, 1, "same")
		}
		g.waitDecided(r, 1, 3, now+time.Second)

		now = w.Now()
		for _, id := range p {
			g.startAt(now, id, 2, fmt.Sprintf("x%d", id))
		}
		g.waitDecided(r, 2, 3, now+5*time.Second)

		now = w.Now()
		for i, seq := range []int{7, 6, 5, 4} {
			g.startAt(now+time.Duration(i)*time.Millisecond, p[i%3], seq, fmt.Sprintf("o%d", seq))
		}
		for _, seq := range []int{7, 6, 5, 4} {
			g.waitDecided(r, seq, 3, now+time.Second)
		}
		now = w.Now()
		g.startAt(now, p[2], 3, "o3")
		g.waitDecided(r, 3, 3, now+time.Second)

		for _, id := range p {
			px := g.peer(id)
			if m := px.Max(); m != 7 {
				r.Fatalf("%s: Max() = %d after instances 0-7 were decided; want 7", w.Name(id), m)
			}
			if fate, v := px.Status(100); fate != paxos.Pending {
				r.Fatalf("%s: Status(100) = %v %q for an instance nobody started; want Pending", w.Name(id), fate, v)
			}
		}
	})
}

// TestDeafPeers: five peers, two of which are deaf (every link into them
// cut; they can still send). A proposal is decided by the other three, a
// bare majority; the deaf peers cannot know it. Each deaf peer then
// proposes another value for the same instance and gets its hearing back:
// it must learn the value decided before. Last, a deaf peer proposes a new
// instance for 8s, so the acceptors promise ever higher ballots that lead
// nowhere; another peer proposes there, and the four that hear decide
// within 2s: a proposer refused goes above the ballot the refusal reports.
//
//lab:points 1
//lab:part B
func TestDeafPeers(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 5)
		p := g.ids
		deaf := []sim.NodeID{p[0], p[4]}
		setHearing := func(id sim.NodeID, on bool) {
			for _, from := range p {
				if from == id {
					continue
				}
				if on {
					r.Check(w.Connect(from, id))
				} else {
					r.Check(w.Cut(from, id))
				}
			}
		}
		for _, id := range deaf {
			setHearing(id, false)
		}
		g.startAt(0, p[1], 1, "goodbye")
		g.waitDecided(r, 1, 3, time.Second)
		r.Check(w.RunFor(100 * time.Millisecond))
		if d := g.deciders(1); len(d) != 3 {
			r.Fatalf("instance 1 is known decided by %s; only the three peers that hear could know it", nameList(w, d))
		}

		for i, id := range deaf {
			now := w.Now()
			g.startAt(now, id, 1, fmt.Sprintf("deaf%d", id))
			r.Check(w.RunFor(50 * time.Millisecond))
			setHearing(id, true)
			g.waitDecided(r, 1, 4+i, now+2*time.Second)
		}
		g.waitAllDecided(r, []int{1}, w.Now()+time.Second)

		// A deaf proposer runs its rounds up: n0 proposes instance 2 deaf
		// for 8s, round after round, and the acceptors promise every one.
		// Then n2 proposes there too: its first rounds are refused, with
		// the ballot promised, and it must go above it at once, not climb
		// a round at a time.
		loud := deaf[0]
		setHearing(loud, false)
		g.startAt(w.Now(), loud, 2, "loud")
		r.Check(w.RunFor(8 * time.Second))
		if d := g.deciders(2); len(d) > 0 {
			r.Fatalf("instance 2 is known decided by %s; only deaf %s proposed it", nameList(w, d), w.Name(loud))
		}
		now := w.Now()
		g.startAt(now, p[2], 2, "heard")
		g.waitDecided(r, 2, 4, now+2*time.Second)
		setHearing(loud, true)
		g.waitAllDecided(r, []int{2}, w.Now()+time.Second)
	})
}

// TestOldInstance: five peers split 3 | 2, each side proposing for
// instance 1. The moment the majority side decides, its proposer is cut
// off, so no other peer hears of the decision; the others are reconnected
// and a peer of the old minority proposes a new value for instance 1. A
// value may have been chosen already (accepted by a majority): the late
// proposers must find it, and every peer decides it.
//
//lab:points 2
//lab:part B
func TestOldInstance(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 5)
		p := g.ids
		majority, minority := p[:3], p[3:]
		r.Check(w.Partition(majority, minority))
		g.startAt(0, p[3], 1, "minority")
		g.startAt(0, p[0], 1, "first")

		first := sim.NoNode
		w.Observe(func(ev sim.Event) error {
			d, ok := ev.Msg.(paxos.InstanceDecision)
			if ok && ev.Kind == sim.KindCustom && d.Seq == 1 && first == sim.NoNode {
				first = ev.Node
				w.After(0, func() { w.Isolate(first) })
			}
			return nil
		})
		ok, err := w.RunUntil(time.Second, func() bool { return first != sim.NoNode })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: the majority %s did not decide instance 1 within 1s", nameList(w, majority))
		}
		if d := g.deciders(1); len(d) != 1 {
			r.Fatalf("instance 1 is known decided by %s right after the first decision", nameList(w, d))
		}

		now := w.Now() + 20*time.Millisecond
		var rest []sim.NodeID
		for _, id := range p {
			if id != first {
				rest = append(rest, id)
			}
		}
		w.At(now, func() { w.Partition([]sim.NodeID{first}, rest) })
		g.startAt(now, p[4], 1, "late")
		g.waitDecided(r, 1, 5, now+3*time.Second)
	})
}
