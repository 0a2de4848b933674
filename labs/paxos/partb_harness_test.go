package paxos_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// peerGroup is a group of Multi-Paxos peers (Part B) under test, each in a
// host node, with the application around them: the instances each peer
// was asked to start and the done value it declared, both repeated at
// every boot, and the checks made at every event: agreement and validity
// per instance, a peer emits an instance's decision at most once (restarts
// included), and a peer knows at boot the instances it decided before.
type peerGroup struct {
	w        *sim.World
	ids      []sim.NodeID
	starts   map[sim.NodeID][]proposal // what each peer's application started
	dones    map[sim.NodeID]int        // what each peer's application declared done
	proposed map[int]map[string]bool   // the values proposed for each instance
	decided  map[int]decision          // the first decision emitted for each instance

	boots    map[sim.NodeID]int                  // how many times each peer booted
	emitted  map[sim.NodeID]map[int]peerEmission // each peer's InstanceDecision events
	problems []string                            // broken invariants seen at boot
}

// peerEmission is an InstanceDecision event a peer emitted.
type peerEmission struct {
	value string
	at    time.Duration
	boot  int // the peer's boot (1 for the first) that emitted it
}

type proposal struct {
	seq   int
	value string
}

type decision struct {
	value string
	node  sim.NodeID
}

// peerHost is the node that runs a paxos.Peer.
type peerHost struct {
	g  *peerGroup
	id sim.NodeID
	px *paxos.Peer
}

func (h *peerHost) Start(env sim.Env) {
	h.px = paxos.Make(env, slices.Clone(h.g.ids))
	h.g.checkBoot(h.id, h.px)
	if d, ok := h.g.dones[h.id]; ok {
		h.px.Done(d)
	}
	for _, p := range h.g.starts[h.id] {
		h.px.Start(p.seq, p.value)
	}
}

func (h *peerHost) Receive(sim.Env, sim.NodeID, any) {}

// newPeerGroup adds n hosts named n0, n1, ... to w (as many as the ids
// print: the first node of w is n0).
func newPeerGroup(w *sim.World, n int) *peerGroup {
	g := &peerGroup{
		w:        w,
		ids:      nextIDs(w, n),
		starts:   map[sim.NodeID][]proposal{},
		dones:    map[sim.NodeID]int{},
		proposed: map[int]map[string]bool{},
		decided:  map[int]decision{},
		boots:    map[sim.NodeID]int{},
		emitted:  map[sim.NodeID]map[int]peerEmission{},
	}
	for _, id := range g.ids {
		w.MustAddNode(fmt.Sprintf("n%d", id), func() sim.Node { return &peerHost{g: g, id: id} })
	}
	w.Observe(g.check)
	return g
}

// peer returns the running, started peer of id, or nil.
func (g *peerGroup) peer(id sim.NodeID) *paxos.Peer {
	h, ok := g.w.Node(id).(*peerHost)
	if !ok {
		return nil
	}
	return h.px
}

// start makes peer id start instance seq with value v now, and again at
// every boot. Call it from World.At callbacks.
func (g *peerGroup) start(id sim.NodeID, seq int, v string) {
	g.starts[id] = append(g.starts[id], proposal{seq: seq, value: v})
	if g.proposed[seq] == nil {
		g.proposed[seq] = map[string]bool{}
	}
	g.proposed[seq][v] = true
	if px := g.peer(id); px != nil {
		px.Start(seq, v)
	}
}

// startAt calls start at virtual time t.
func (g *peerGroup) startAt(t time.Duration, id sim.NodeID, seq int, v string) {
	g.w.At(t, func() { g.start(id, seq, v) })
}

// done makes peer id's application declare instances up to seq done, now
// and at every boot.
func (g *peerGroup) done(id sim.NodeID, seq int) {
	g.dones[id] = max(g.dones[id], seq)
	if px := g.peer(id); px != nil {
		px.Done(seq)
	}
}

// checkBoot runs right after peer id's Make: every instance the peer
// emitted a decision for before it crashed must be Decided again, with
// the same value, or Forgotten. A broken rule is reported by check at the
// next event.
func (g *peerGroup) checkBoot(id sim.NodeID, px *paxos.Peer) {
	seqs := slices.Sorted(maps.Keys(g.emitted[id]))
	for _, seq := range seqs {
		e := g.emitted[id][seq]
		fate, v := px.Status(seq)
		if fate == paxos.Forgotten || (fate == paxos.Decided && v == e.value) {
			continue
		}
		g.problems = append(g.problems, fmt.Sprintf(
			"DURABILITY broken: %s emitted the decision %q of instance %d at %s, crashed, and restarted at %s; right after Make, Status(%d) = %v %q, want Decided %q (or Forgotten): a peer must know at boot, from its storage, the instances it decided",
			g.w.Name(id), e.value, seq, at(e.at), at(g.w.Now()), seq, fate, v, e.value))
		return
	}
}

// problem returns the first broken rule checkBoot found, or nil.
func (g *peerGroup) problem() error {
	if len(g.problems) == 0 {
		return nil
	}
	return errors.New(g.problems[0])
}

// check is the observer of agreement and validity for every instance. It
// also checks that a peer emits each instance's decision at most once,
// across restarts too, and reports what checkBoot found.
func (g *peerGroup) check(ev sim.Event) error {
	if err := g.problem(); err != nil {
		return err
	}
	if ev.Kind == sim.KindStart && slices.Contains(g.ids, ev.Node) {
		g.boots[ev.Node]++
	}
	if ev.Kind != sim.KindCustom {
		return nil
	}
	d, ok := ev.Msg.(paxos.InstanceDecision)
	if !ok {
		return nil
	}
	name := g.w.Name(ev.Node)
	if g.emitted[ev.Node] == nil {
		g.emitted[ev.Node] = map[int]peerEmission{}
	}
	if prev, ok := g.emitted[ev.Node][d.Seq]; ok {
		if prev.boot == g.boots[ev.Node] {
			return fmt.Errorf("DUPLICATE InstanceDecision: %s emitted the decision %q of instance %d at %s, and now %q again, without a restart in between: a peer emits an instance's decision once, the moment it learns it",
				name, prev.value, d.Seq, at(prev.at), d.Value)
		}
		return fmt.Errorf("DUPLICATE InstanceDecision: %s emitted the decision %q of instance %d at %s, crashed and restarted, and now emits %q again: a peer that decided an instance before a crash knows it at boot, from its storage, and does not emit it again",
			name, prev.value, d.Seq, at(prev.at), d.Value)
	}
	g.emitted[ev.Node][d.Seq] = peerEmission{value: d.Value, at: ev.Time, boot: g.boots[ev.Node]}
	if !g.proposed[d.Seq][d.Value] {
		return fmt.Errorf("VALIDITY broken: %s decided %q for instance %d, which no peer proposed for it (proposed: %s)",
			name, d.Value, d.Seq, quoted(g.proposed[d.Seq]))
	}
	first, ok := g.decided[d.Seq]
	if !ok {
		g.decided[d.Seq] = decision{value: d.Value, node: ev.Node}
		return nil
	}
	if d.Value != first.value {
		return fmt.Errorf("AGREEMENT broken: %s decided %q for instance %d, but %s decided %q",
			name, d.Value, d.Seq, g.w.Name(first.node), first.value)
	}
	return nil
}

func quoted(set map[string]bool) string {
	vs := slices.Sorted(maps.Keys(set))
	for i, v := range vs {
		vs[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(vs, ", ")
}

// deciders returns the running peers whose Status says instance seq is
// decided.
func (g *peerGroup) deciders(seq int) []sim.NodeID {
	var out []sim.NodeID
	for _, id := range g.ids {
		if px := g.peer(id); px != nil {
			if fate, _ := px.Status(seq); fate == paxos.Decided {
				out = append(out, id)
			}
		}
	}
	return out
}

// checkStatus fails the run if a peer's Status reports for instance seq a
// value other than the one decided, or one no peer emitted.
func (g *peerGroup) checkStatus(r *kit.Run, seq int) {
	r.T().Helper()
	for _, id := range g.ids {
		px := g.peer(id)
		if px == nil {
			continue
		}
		fate, v := px.Status(seq)
		if fate != paxos.Decided {
			continue
		}
		d, ok := g.decided[seq]
		switch {
		case !ok:
			r.Fatalf("%s: Status(%d) says Decided %q, but no peer emitted a paxos.InstanceDecision for instance %d", g.w.Name(id), seq, v, seq)
		case v != d.value:
			r.Fatalf("AGREEMENT broken: %s: Status(%d) says Decided %q, but %s decided %q", g.w.Name(id), seq, v, g.w.Name(d.node), d.value)
		}
	}
}

// waitDecided runs w until at least want peers know instance seq decided,
// and fails the run if they do not by deadline.
func (g *peerGroup) waitDecided(r *kit.Run, seq, want int, deadline time.Duration) {
	r.T().Helper()
	ok, err := g.w.RunUntil(deadline, func() bool { return len(g.deciders(seq)) >= want })
	r.Check(err)
	r.Check(g.problem())
	if !ok {
		r.Fatalf("LIVENESS broken: instance %d: only %s of %d peers know it decided at %s; want %d",
			seq, nameList(g.w, g.deciders(seq)), len(g.ids), at(deadline), want)
	}
	g.checkStatus(r, seq)
}

// waitAllDecided runs w until every peer knows every instance in seqs
// decided, and fails the run if they do not by deadline.
func (g *peerGroup) waitAllDecided(r *kit.Run, seqs []int, deadline time.Duration) {
	r.T().Helper()
	missing := func() (int, []sim.NodeID) {
		for _, seq := range seqs {
			if d := g.deciders(seq); len(d) < len(g.ids) {
				return seq, d
			}
		}
		return -1, nil
	}
	ok, err := g.w.RunUntil(deadline, func() bool { seq, _ := missing(); return seq < 0 })
	r.Check(err)
	r.Check(g.problem())
	if !ok {
		seq, d := missing()
		r.Fatalf("LIVENESS broken: instance %d: only %s of %d peers know it decided at %s, with every peer up and the network healed",
			seq, nameList(g.w, d), len(g.ids), at(deadline))
	}
	for _, seq := range seqs {
		g.checkStatus(r, seq)
	}
}

// seqRange returns the instances lo, lo+1, ..., hi-1.
func seqRange(lo, hi int) []int {
	var seqs []int
	for s := lo; s < hi; s++ {
		seqs = append(seqs, s)
	}
	return seqs
}
