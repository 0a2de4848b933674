package paxos_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// filler pads the values of TestForget, so that a forgotten value left in
// memory or storage is easy to spot.
var filler = strings.Repeat("x", 1000)

// TestForget: six peers decide instances 0-9 (values of 1000 bytes). Min
// stays 0 until every peer called Done, even after five of them did and
// told the others; once the sixth calls Done(4) too, its own Min is 5 at
// once (it heard the others' on the replies to a proposal), and once every
// peer has proposed once since (done values travel on protocol messages),
// Min becomes 5 everywhere, and instances 0-4 are Forgotten and freed. A
// lower Done changes nothing. Once every peer is done with everything and
// has proposed once more, nothing forgotten is left in memory (Retained)
// or storage, and a restarted peer still reports Forgotten instances as
// Forgotten.
//
//lab:points 2
//lab:part B
func TestForget(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 6)
		p := g.ids
		for seq := range 10 {
			g.startAt(0, p[seq%6], seq, fmt.Sprintf("big%d:%s", seq, filler))
		}
		g.waitAllDecided(r, seqRange(0, 10), time.Second)
		g.requireMin(r, 0, "before any Done")

		w.At(w.Now(), func() {
			for _, id := range p[:5] {
				g.done(id, 4)
			}
		})
		g.startAt(w.Now(), p[0], 10, "a")
		g.startAt(w.Now(), p[5], 11, "b")
		g.waitAllDecided(r, []int{10, 11}, w.Now()+time.Second)
		g.requireMin(r, 0, fmt.Sprintf("after Done(4) on %s but not on %s", nameList(w, p[:5]), w.Name(p[5])))

		// The replies to the sixth peer's proposal of instance 11 told it
		// every other peer's Done(4): the moment it calls Done(4) itself,
		// with no message in between, its Min is 5.
		r.Check(w.RunFor(50 * time.Millisecond))
		lastMin := -1
		w.At(w.Now(), func() {
			g.done(p[5], 4)
			lastMin = g.peer(p[5]).Min()
		})
		r.Check(w.RunFor(0))
		if lastMin != 5 {
			r.Fatalf("FORGETTING broken: %s heard Done(4) from every other peer (on the replies to its proposal of instance 11), then called Done(4) itself, and right then its Min() is %d; want 5: Min is one more than the lowest done value it has heard, its own included", w.Name(p[5]), lastMin)
		}
		proposeOnEach(g, 12)
		g.waitAllDecided(r, seqRange(12, 18), w.Now()+2*time.Second)
		ok, err := w.RunUntil(w.Now()+time.Second, func() bool { return g.minAtLeast(5) })
		r.Check(err)
		if !ok {
			r.Fatalf("FORGETTING broken: every peer called Done(4) and proposed since, but Min() is %s; want 5 everywhere", g.mins())
		}
		for _, id := range p {
			px := g.peer(id)
			for seq := range 5 {
				if fate, _ := px.Status(seq); fate != paxos.Forgotten {
					r.Fatalf("%s: Status(%d) = %v with Min() = %d; want Forgotten", w.Name(id), seq, fate, px.Min())
				}
			}
			if fate, _ := px.Status(5); fate != paxos.Decided {
				r.Fatalf("%s: Status(5) = %v: instance 5 is not done yet, it must stay Decided", w.Name(id), fate)
			}
			if n := px.Retained(); n > 13 {
				r.Fatalf("FORGETTING broken: %s retains %d instances after forgetting 0-4 of 0-17", w.Name(id), n)
			}
		}
		w.At(w.Now(), func() { g.done(p[0], 2) })
		r.Check(w.RunFor(10 * time.Millisecond))
		g.requireMin(r, 5, "after a lower Done(2)")

		w.At(w.Now(), func() {
			for _, id := range p {
				g.done(id, 17)
			}
		})
		proposeOnEach(g, 18)
		g.waitAllDecided(r, seqRange(18, 24), w.Now()+2*time.Second)
		for _, id := range p {
			px := g.peer(id)
			if m := px.Min(); m != 18 {
				r.Fatalf("FORGETTING broken: %s: Min() = %d after every peer called Done(17) and proposed; want 18", w.Name(id), m)
			}
			if n := px.Retained(); n > 6 {
				r.Fatalf("FORGETTING broken: %s retains %d instances; only 18-23 are not forgotten", w.Name(id), n)
			}
			st := w.Storage(id)
			for _, k := range st.Keys("") {
				if v, _ := st.Get(k); strings.Contains(string(v), filler) {
					r.Fatalf("FORGETTING broken: %s's storage still holds the value of a forgotten instance, under key %q", w.Name(id), k)
				}
			}
		}

		r.Check(w.Crash(p[1]))
		r.Check(w.Restart(p[1]))
		r.Check(w.RunFor(time.Millisecond))
		px := g.peer(p[1])
		if px == nil {
			r.Fatalf("%s did not restart", w.Name(p[1]))
		}
		if m := px.Min(); m < 18 {
			r.Fatalf("FORGETTING broken: after a restart, %s: Min() = %d; it was 18 before the crash and must never go down", w.Name(p[1]), m)
		}
		if fate, _ := px.Status(3); fate != paxos.Forgotten {
			r.Fatalf("FORGETTING broken: after a restart, %s: Status(3) = %v; instance 3 was forgotten before the crash", w.Name(p[1]), fate)
		}
	})
}

// minAtLeast reports whether every running peer has Min() >= m.
func (g *group) minAtLeast(m int) bool {
	for _, id := range g.ids {
		if px := g.peer(id); px == nil || px.Min() < m {
			return false
		}
	}
	return true
}

// mins prints every peer's Min().
func (g *group) mins() string {
	var parts []string
	for _, id := range g.ids {
		if px := g.peer(id); px != nil {
			parts = append(parts, fmt.Sprintf("%s:%d", g.w.Name(id), px.Min()))
		}
	}
	return strings.Join(parts, " ")
}

// requireMin fails the run unless every peer's Min() is m.
func (g *group) requireMin(r *kit.Run, m int, when string) {
	r.T().Helper()
	for _, id := range g.ids {
		if px := g.peer(id); px != nil && px.Min() != m {
			r.Fatalf("%s: Min() = %d %s; want %d (all: %s)", g.w.Name(id), px.Min(), when, m, g.mins())
		}
	}
}

// proposeOnEach makes every peer start one instance, from first on, 20ms
// apart, so that every peer hears from every other.
func proposeOnEach(g *group, first int) {
	now := g.w.Now()
	for i, id := range g.ids {
		g.startAt(now+time.Duration(i)*20*time.Millisecond, id, first+i, fmt.Sprintf("each%d", first+i))
	}
}
