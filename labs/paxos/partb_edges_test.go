package paxos_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestForgottenEdges: the edges of Done and Min. Four peers on a reliable
// network decide instances 0-5; every peer calls Done(3) and proposes
// once, so Min becomes 4 everywhere. Then: Max stays at least 5 (Done
// forgets instances, not what was seen); a lower Done(1) changes nothing;
// every peer starts instances 0-3 again (already forgotten) and 10-11
// (new): for 500ms, no peer sends a single message about instances 0-3,
// they stay Forgotten, no peer emits a decision for them, Retained does
// not grow by them, and no forgotten instance is back in storage; 10 and
// 11 are decided by all. Last, a probe node asks every peer to promise,
// and to accept, instance 2 with a ballot higher than any: every peer
// must refuse, since it forgot the instance. Then n1 decides instance 12
// with its link to n3 cut, so that it keeps telling n3 (which learns 12
// by proposing it); once every peer is done with 12 and Min is 13
// everywhere, for 1s no peer sends anything about instance 12. Last, all
// declare 20 done and propose 17-20, so that every instance is forgotten,
// and n0 restarts: its Max still counts the instances it decided.
//
//lab:points 1
//lab:part B
func TestForgottenEdges(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 4)
		p := g.ids
		probe := &probeNode{}
		w.MustAddNode("probe", func() sim.Node { return probe })
		for seq := range 6 {
			g.startAt(0, p[seq%4], seq, fmt.Sprintf("v%d", seq))
		}
		g.waitAllDecided(r, seqRange(0, 6), time.Second)
		w.At(w.Now(), func() {
			for _, id := range p {
				g.done(id, 3)
			}
		})
		proposeOnEach(g, 6)
		g.waitAllDecided(r, seqRange(6, 10), w.Now()+time.Second)
		ok, err := w.RunUntil(w.Now()+time.Second, func() bool { return g.minAtLeast(4) })
		r.Check(err)
		if !ok {
			r.Fatalf("FORGETTING broken: every peer called Done(3) and proposed since, but Min() is %s; want 4 everywhere", g.mins())
		}
		retained := map[sim.NodeID]int{}
		for _, id := range p {
			px := g.peer(id)
			if m := px.Max(); m < 9 {
				r.Fatalf("%s: Max() = %d after instances 0-9 were decided and 0-3 forgotten; want at least 9: forgetting does not lower Max", w.Name(id), m)
			}
			retained[id] = px.Retained()
		}
		w.At(w.Now(), func() {
			for _, id := range p {
				g.done(id, 1)
			}
		})
		r.Check(w.RunFor(10 * time.Millisecond))
		g.requireMin(r, 4, "after a lower Done(1)")

		forgotten := 0
		w.Observe(func(ev sim.Event) error {
			if ev.Kind != sim.KindSend || !containsID(g.ids, ev.Node) {
				return nil
			}
			if m, ok := ev.Msg.(rpc.Request); ok {
				if req, ok := request(m.Body); ok && req.seq < 4 {
					forgotten++
					if forgotten == 1 {
						return fmt.Errorf("FORGETTING broken: %s sends a %s for instance %d, which every peer forgot (Min is 4 everywhere): Start on a forgotten instance does nothing",
							w.Name(ev.Node), req.kind, req.seq)
					}
				}
			}
			return nil
		})
		now := w.Now()
		w.At(now, func() {
			for _, id := range p {
				for seq := range 4 {
					g.start(id, seq, fmt.Sprintf("again%d-%s", seq, w.Name(id)))
				}
			}
		})
		g.startAt(now, p[1], 10, "ten")
		g.startAt(now, p[2], 11, "eleven")
		g.waitAllDecided(r, []int{10, 11}, now+time.Second)
		r.Check(w.Run(now + 500*time.Millisecond))
		r.Check(g.problem())
		for _, id := range p {
			px := g.peer(id)
			for seq := range 4 {
				if fate, v := px.Status(seq); fate != paxos.Forgotten {
					r.Fatalf("FORGETTING broken: %s: Status(%d) = %v %q after Start on that forgotten instance; want Forgotten", w.Name(id), seq, fate, v)
				}
				if _, ok := w.Storage(id).Get(fmt.Sprintf("paxos/instance/%d", seq)); ok {
					r.Fatalf("FORGETTING broken: %s: storage holds instance %d again after Start on it, forgotten", w.Name(id), seq)
				}
			}
			if n := px.Retained(); n > retained[id]+2 {
				r.Fatalf("FORGETTING broken: %s retained %d instances before Start on forgotten instances 0-3 (and 10, 11), and %d after", w.Name(id), retained[id], n)
			}
		}

		var answers []string
		high := paxos.Ballot{Round: 1 << 40, Node: probe.env.ID()}
		w.At(w.Now(), func() {
			for _, id := range p {
				probePrepare.Call(probe.env, id, paxos.PeerPrepareArgs{Seq: 2, Prepare: paxos.PrepareArgs{Ballot: high}, Done: -1}, 100*time.Millisecond,
					func(rep paxos.PeerPrepareReply, err error) {
						if err == nil && rep.Reply.OK {
							answers = append(answers, fmt.Sprintf("%s promised it", w.Name(id)))
						}
					})
				probeAccept.Call(probe.env, id, paxos.PeerAcceptArgs{Seq: 2, Accept: paxos.AcceptArgs{Ballot: high, Value: "probe"}, Done: -1}, 100*time.Millisecond,
					func(rep paxos.PeerAcceptReply, err error) {
						if err == nil && rep.Reply.OK {
							answers = append(answers, fmt.Sprintf("%s accepted it", w.Name(id)))
						}
					})
			}
		})
		r.Check(w.RunFor(200 * time.Millisecond))
		if len(answers) > 0 {
			r.Fatalf("FORGETTING broken: asked to promise and accept instance 2, forgotten everywhere (Min is 4), %s: a forgotten instance is refused, never answered as if it were new",
				strings.Join(answers, ", "))
		}

		// A forgotten instance's learner stops too: n1 proposes instance
		// 12 with its link to n3 cut, so it tells n3 the decision again and
		// again; n3 learns it by proposing. Once every peer is done with 12
		// and Min is 13 everywhere, n1 must stop telling n3.
		teller, deafTo := p[1], p[3]
		r.Check(w.Cut(teller, deafTo))
		g.startAt(w.Now(), teller, 12, "twelve")
		g.startAt(w.Now()+50*time.Millisecond, deafTo, 12, "twelve-again")
		g.waitAllDecided(r, []int{12}, w.Now()+time.Second)
		w.At(w.Now(), func() {
			for _, id := range p {
				g.done(id, 12)
			}
		})
		proposeOnEach(g, 13)
		ok, err = w.RunUntil(w.Now()+time.Second, func() bool { return g.minAtLeast(13) })
		r.Check(err)
		if !ok {
			r.Fatalf("FORGETTING broken: every peer called Done(12) and proposed since, but Min() is %s; want 13 everywhere", g.mins())
		}
		watching := true
		w.Observe(func(ev sim.Event) error {
			if !watching || ev.Kind != sim.KindSend || !containsID(g.ids, ev.Node) {
				return nil
			}
			m, ok := ev.Msg.(rpc.Request)
			if !ok {
				return nil
			}
			if req, ok := request(m.Body); ok && req.seq == 12 {
				return fmt.Errorf("FORGETTING broken: %s sends a %s for instance 12, which it forgot (its Min is %d, every peer is done with 12): a forgotten instance's proposer and learner stop, even if a peer never answered",
					w.Name(ev.Node), req.kind, g.peer(ev.Node).Min())
			}
			return nil
		})
		r.Check(w.RunFor(time.Second))
		watching = false
		r.Check(g.problem())

		// Last, every instance is forgotten: every application declares
		// 20 done, and each peer proposes one of 17-20, whose messages
		// carry the done values, so Min becomes 21 everywhere and no
		// instance is left in storage. n0 then restarts: its Max must still
		// count the instances it decided (see checkBoot), since forgetting
		// an instance does not forget it was seen.
		w.At(w.Now(), func() {
			for _, id := range p {
				g.done(id, 20)
			}
		})
		proposeOnEach(g, 17)
		ok, err = w.RunUntil(w.Now()+time.Second, func() bool { return g.minAtLeast(21) })
		r.Check(err)
		if !ok {
			r.Fatalf("FORGETTING broken: every peer called Done(20) and proposed since, but Min() is %s; want 21 everywhere", g.mins())
		}
		r.Check(w.Crash(p[0]))
		r.Check(w.Restart(p[0]))
		r.Check(w.RunFor(time.Millisecond))
		r.Check(g.problem())
	})
}

// probeNode is a node outside the group that the test sends requests
// from.
type probeNode struct{ env sim.Env }

func (n *probeNode) Start(env sim.Env)                { n.env = env }
func (n *probeNode) Receive(sim.Env, sim.NodeID, any) {}

// TestNeverHeardFrom: five peers, one of which is down from the start.
// The four others decide instances 0-4 (a majority is 3) and call
// Done(4), and propose more: Min must stay 0, since one peer never said
// it was done. Then the fifth peer boots; its application starts 0-4
// (and learns them), calls Done(4) and proposes: within 2s Min is 5
// everywhere.
//
//lab:points 1
//lab:part B
func TestNeverHeardFrom(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 5)
		rng := w.Rand("scenario")
		late := g.ids[rng.IntN(5)]
		var live []sim.NodeID
		for _, id := range g.ids {
			if id != late {
				live = append(live, id)
			}
		}
		w.At(0, func() { w.Crash(late) })
		for seq := range 5 {
			g.startAt(time.Millisecond, live[seq%4], seq, fmt.Sprintf("v%d", seq))
		}
		g.waitKnown(r, live, seqRange(0, 5), false, time.Second, "with four of five peers up")
		w.At(w.Now(), func() {
			for _, id := range live {
				g.done(id, 4)
			}
		})
		now := w.Now()
		for i, id := range live {
			g.startAt(now+time.Duration(i)*20*time.Millisecond, id, 5+i, fmt.Sprintf("each%d", 5+i))
		}
		g.waitKnown(r, live, seqRange(5, 9), false, now+time.Second, "with four of five peers up")
		r.Check(w.RunFor(100 * time.Millisecond))
		for _, id := range live {
			if m := g.peer(id).Min(); m != 0 {
				r.Fatalf("FORGETTING broken: %s: Min() = %d while %s, down from the start, never said it was done with anything: Min is one more than the lowest done value of all peers, and a peer never heard from holds it at 0",
					w.Name(id), m, w.Name(late))
			}
		}
		r.Check(w.Restart(late))
		r.Check(w.RunFor(time.Millisecond))
		w.At(w.Now(), func() {
			for seq := range 5 {
				g.start(late, seq, fmt.Sprintf("late%d", seq))
			}
		})
		g.waitKnown(r, []sim.NodeID{late}, seqRange(0, 5), false, w.Now()+2*time.Second, "after it booted and started them")
		w.At(w.Now(), func() { g.done(late, 4) })
		g.startAt(w.Now(), late, 9, "last")
		proposeOnEach(g, 10)
		ok, err := w.RunUntil(w.Now()+2*time.Second, func() bool { return g.minAtLeast(5) })
		r.Check(err)
		if !ok {
			r.Fatalf("FORGETTING broken: every peer called Done(4) and proposed since, but Min() is %s; want 5 everywhere", g.mins())
		}
	})
}

// TestDoneUnreliable: Done called while agreements run, on a network that
// loses, duplicates and reorders messages. Five peers; only two of them
// propose, instances 0-19, a few at a time; the application of every peer
// calls Done on what it knows decided, every 10-20ms. Peers that only
// answer must still spread their done values, on their replies, and learn
// the others' through the Min of the messages they get. Agreement and
// validity at every event; all 20 instances known (decided or forgotten)
// everywhere within 10s, and, after every peer's application is done with
// all 20 and the two proposers propose twice more, Min is 20 everywhere
// within 3s.
//
//lab:points 2
//lab:part B
func TestDoneUnreliable(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: flaky})
		g := newPeerGroup(w, 5)
		rng := w.Rand("workload")
		proposers := g.ids[:2]
		const instances = 20
		for seq := range instances {
			at := time.Duration(seq/4)*100*time.Millisecond + between(rng, 0, 50*time.Millisecond)
			for _, id := range proposers {
				g.startAt(at, id, seq, fmt.Sprintf("s%d-%s", seq, w.Name(id)))
			}
		}
		appDone(g, rng, 20*time.Millisecond, 20*time.Second, 0)
		g.waitKnown(r, g.ids, seqRange(0, instances), true, 10*time.Second, "on an unreliable network, with every peer up")
		w.At(w.Now(), func() {
			for _, id := range g.ids {
				g.done(id, instances-1)
			}
		})
		now := w.Now()
		for i := range 2 {
			for j, id := range proposers {
				g.startAt(now+time.Duration(2*i+j)*50*time.Millisecond, id, instances+2*i+j, fmt.Sprintf("after%d", 2*i+j))
			}
		}
		ok, err := w.RunUntil(now+3*time.Second, func() bool { return g.minAtLeast(instances) })
		r.Check(err)
		if !ok {
			r.Fatalf("FORGETTING broken: every peer called Done(%d), and the proposers %s proposed since, but Min() is %s; want %d everywhere: done values travel on requests and replies, and Min with them",
				instances-1, nameList(w, proposers), g.mins(), instances)
		}
	})
}

// The probe calls Part B's methods as a peer would: the same names, the
// same request and reply types.
const (
	probePrepare = rpc.Method[paxos.PeerPrepareArgs, paxos.PeerPrepareReply]("paxos.PeerPrepare")
	probeAccept  = rpc.Method[paxos.PeerAcceptArgs, paxos.PeerAcceptReply]("paxos.PeerAccept")
)
