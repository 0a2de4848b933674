package paxos_test

import (
	"math/rand/v2"
	"time"

	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// guarded reports whether event ev is a message that node ev.Node's
// durable state guards: a promise or an acceptance (its acceptor state),
// a prepare (its ballot round), or a decision event (the decision). A
// crash right after it is the worst moment for that state: the message is
// out, and only storage remembers why.
func guarded(ev sim.Event) bool {
	switch ev.Kind {
	case sim.KindCustom:
		_, _, ok := decisionEvent(ev.Msg)
		return ok
	case sim.KindSend:
	default:
		return false
	}
	switch m := ev.Msg.(type) {
	case rpc.Request:
		switch m.Body.(type) {
		case paxos.PrepareArgs, paxos.PeerPrepareArgs:
			return true
		}
	case rpc.Response:
		switch b := m.Body.(type) {
		case paxos.PrepareReply:
			return b.OK
		case paxos.AcceptReply:
			return b.OK
		case paxos.PeerPrepareReply:
			return b.Reply.OK
		case paxos.PeerAcceptReply:
			return b.Reply.OK
		}
	}
	return false
}

// crashAtWorstMoments crashes a node of ids, until virtual time end, right
// after an event that is, by is, the worst moment for some durable state
// of it (the handler that wrote the state and sent the message finished;
// the message is in flight), with probability p each time. The node
// restarts 1-30ms later. It returns a count of the crashes, for logs.
func crashAtWorstMoments(w *sim.World, rng *rand.Rand, ids []sim.NodeID, p float64, end time.Duration, is func(sim.Event) bool) *int {
	crashes := new(int)
	w.Observe(func(ev sim.Event) error {
		if ev.Time >= end || !containsID(ids, ev.Node) || !is(ev) || rng.Float64() >= p {
			return nil
		}
		id := ev.Node
		down := between(rng, time.Millisecond, 30*time.Millisecond)
		w.After(0, func() {
			if !w.Up(id) {
				return
			}
			*crashes++
			w.Crash(id)
			w.After(down, func() {
				if !w.Up(id) {
					w.Restart(id)
				}
			})
		})
		return nil
	})
	return crashes
}

// appDone plays, until virtual time end, the application of each peer of
// g that declares done what it no longer needs: every tick (a random time
// between every/2 and every), each running peer whose application knows
// instances decided from its Min on calls Done on the last of them. When
// a Done raises the peer's Min, the peer crashes right then with
// probability crash (the worst moment for Min: it moved, and no message
// told anyone yet), and restarts 1-30ms later.
func appDone(g *group, rng *rand.Rand, every, end time.Duration, crash float64) {
	w := g.w
	var tick func()
	tick = func() {
		if w.Now() >= end {
			return
		}
		for _, id := range g.ids {
			px := g.peer(id)
			if px == nil {
				continue
			}
			last := px.Min() - 1
			for {
				if fate, _ := px.Status(last + 1); fate != paxos.Decided {
					break
				}
				last++
			}
			if last < px.Min() || rng.IntN(2) == 0 {
				continue
			}
			before := px.Min()
			g.done(id, last)
			g.noteMin(id)
			if px.Min() > before && rng.Float64() < crash {
				w.Crash(id)
				w.After(between(rng, time.Millisecond, 30*time.Millisecond), func() {
					if !w.Up(id) {
						w.Restart(id)
					}
				})
			}
		}
		w.After(between(rng, every/2, every), tick)
	}
	w.At(w.Now(), tick)
}
