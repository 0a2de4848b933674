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

// part says what the hosts of a group run: Part A's Node, whose one
// decree the harness calls instance 0, or Part B's Peer.
type part int

const (
	partA part = iota // paxos.Node: one decree
	partB             // paxos.Peer: decrees by instance
)

// group is a group of Paxos nodes under test, Part A or Part B, each in a
// host node, with the application around them: the instances each node
// was asked to start and the done value it declared, both repeated at
// every boot, and the checks made at every event: agreement and validity
// per instance, a node emits an instance's decision at most once
// (restarts included), a node knows at boot the instances it decided
// before, and the protocol's own rules on the wire (see wire).
type group struct {
	w        *sim.World
	part     part
	ids      []sim.NodeID
	starts   map[sim.NodeID][]proposal // what each node's application started
	dones    map[sim.NodeID]int        // what each node's application declared done
	proposed map[int]map[string]bool   // the values proposed for each instance
	decided  map[int]decision          // the first decision emitted for each instance

	boots    map[sim.NodeID]int              // how many times each node booted
	emitted  map[sim.NodeID]map[int]emission // each node's decision events
	problems []string                        // broken invariants seen at boot
	wire     *wire                           // the checks of the messages
	minSeen  map[sim.NodeID]int              // the highest Min seen on each peer
	highest  int                             // the highest instance any application started or declared done
}

// emission is a decision event a node emitted.
type emission struct {
	value string
	at    time.Duration
	boot  int // the node's boot (1 for the first) that emitted it
}

type proposal struct {
	seq   int
	value string
}

type decision struct {
	value string
	node  sim.NodeID
}

// host is the node of a group: it runs a paxos.Node (Part A) or a
// paxos.Peer (Part B), and replays its application's calls at boot.
type host struct {
	g    *group
	id   sim.NodeID
	node *paxos.Node // Part A
	px   *paxos.Peer // Part B
}

func (h *host) Start(env sim.Env) {
	switch h.g.part {
	case partA:
		h.node = paxos.NewNode(slices.Clone(h.g.ids))
		h.node.Start(env)
	case partB:
		h.px = paxos.NewPeer(env, slices.Clone(h.g.ids))
	}
	h.g.checkBoot(h)
	if d, ok := h.g.dones[h.id]; ok && h.px != nil {
		h.px.Done(d)
	}
	for _, p := range h.g.starts[h.id] {
		h.propose(p.seq, p.value)
	}
}

// propose asks the node to propose v for instance seq.
func (h *host) propose(seq int, v string) {
	if h.node != nil {
		h.node.Propose(v)
	} else if h.px != nil {
		h.px.Start(seq, v)
		if seq >= h.px.Min() && h.px.Max() < seq {
			h.g.problems = append(h.g.problems, fmt.Sprintf(
				"MAX broken: %s's application called Start(%d) at %s, and right after it Max() is %d: Max is the highest instance this peer has seen, and an instance it was asked to start is one",
				h.g.w.Name(h.id), seq, at(h.g.w.Now()), h.px.Max()))
		}
	}
}

// status returns what the node knows of instance seq.
func (h *host) status(seq int) (paxos.Fate, string) {
	if h.node != nil {
		if v, ok := h.node.Decided(); ok {
			return paxos.Decided, v
		}
		return paxos.Pending, ""
	}
	if h.px != nil {
		return h.px.Status(seq)
	}
	return paxos.Pending, ""
}

// newDecreeGroup adds n Part A nodes named n0, n1, ... to w.
func newDecreeGroup(w *sim.World, n int) *group { return newGroup(w, partA, n) }

// newPeerGroup adds n Part B hosts named n0, n1, ... to w.
func newPeerGroup(w *sim.World, n int) *group { return newGroup(w, partB, n) }

// newGroup adds n hosts of part p to w, named n0, n1, ... (as their ids
// print, when w had no nodes before).
func newGroup(w *sim.World, p part, n int) *group {
	g := &group{
		w:        w,
		part:     p,
		ids:      nextIDs(w, n),
		starts:   map[sim.NodeID][]proposal{},
		dones:    map[sim.NodeID]int{},
		proposed: map[int]map[string]bool{},
		decided:  map[int]decision{},
		boots:    map[sim.NodeID]int{},
		emitted:  map[sim.NodeID]map[int]emission{},
		minSeen:  map[sim.NodeID]int{},
		highest:  -1,
	}
	for _, id := range g.ids {
		w.MustAddNode(fmt.Sprintf("n%d", id), func() sim.Node { return &host{g: g, id: id} })
	}
	w.Observe(g.check)
	g.wire = watchWire(w, g)
	return g
}

// host returns the running, started host of id, or nil.
func (g *group) host(id sim.NodeID) *host {
	h, ok := g.w.Node(id).(*host)
	if !ok || (h.node == nil && h.px == nil) {
		return nil
	}
	return h
}

// node returns the running Part A node of id, or nil.
func (g *group) node(id sim.NodeID) *paxos.Node {
	if h := g.host(id); h != nil {
		return h.node
	}
	return nil
}

// peer returns the running Part B peer of id, or nil.
func (g *group) peer(id sim.NodeID) *paxos.Peer {
	if h := g.host(id); h != nil {
		return h.px
	}
	return nil
}

// what names instance seq in failure messages.
func (g *group) what(seq int) string {
	if g.part == partA {
		return "the decision"
	}
	return fmt.Sprintf("instance %d", seq)
}

// start makes node id start instance seq with value v now, and again at
// every boot. Call it from World.At callbacks.
func (g *group) start(id sim.NodeID, seq int, v string) {
	g.starts[id] = append(g.starts[id], proposal{seq: seq, value: v})
	g.highest = max(g.highest, seq)
	if g.proposed[seq] == nil {
		g.proposed[seq] = map[string]bool{}
	}
	g.proposed[seq][v] = true
	if h := g.host(id); h != nil {
		h.propose(seq, v)
	}
}

// startAt calls start at virtual time t.
func (g *group) startAt(t time.Duration, id sim.NodeID, seq int, v string) {
	g.w.At(t, func() { g.start(id, seq, v) })
}

// proposeAt makes Part A node id propose v at virtual time t, and again
// after every restart from then on.
func (g *group) proposeAt(t time.Duration, id sim.NodeID, v string) { g.startAt(t, id, 0, v) }

// done makes peer id's application declare instances up to seq done, now
// and at every boot.
func (g *group) done(id sim.NodeID, seq int) {
	g.dones[id] = max(g.dones[id], seq)
	g.highest = max(g.highest, seq)
	if px := g.peer(id); px != nil {
		px.Done(seq)
	}
}

// noteMin records peer id's Min, which must never go down, not even
// across a restart (see checkBoot).
func (g *group) noteMin(id sim.NodeID) {
	if px := g.peer(id); px != nil {
		g.minSeen[id] = max(g.minSeen[id], px.Min())
	}
}

// checkBoot runs right after the Start of h's node: every instance the
// node emitted a decision for before it crashed must be Decided again,
// with the same value, or Forgotten, a peer's Max must count them (the
// forgotten ones too), and its Min must be at least what it was before. A
// broken rule is reported by check at the next event.
func (g *group) checkBoot(h *host) {
	if m, ok := g.minSeen[h.id]; ok && h.px != nil && h.px.Min() < m {
		g.problems = append(g.problems, fmt.Sprintf(
			"DURABILITY broken: %s's Min() was %d before it crashed, and is %d right after NewPeer at %s: Min never goes down, not even across a restart",
			g.w.Name(h.id), m, h.px.Min(), at(g.w.Now())))
	}
	for _, seq := range slices.Sorted(maps.Keys(g.emitted[h.id])) {
		e := g.emitted[h.id][seq]
		fate, v := h.status(seq)
		if (fate == paxos.Forgotten || fate == paxos.Decided && v == e.value) && h.px != nil && h.px.Max() < seq {
			g.problems = append(g.problems, fmt.Sprintf(
				"DURABILITY broken: %s emitted the decision of instance %d at %s, crashed, and restarted at %s; right after NewPeer it reports that instance %v, but its Max() is %d: Max is the highest instance seen, and does not go down across a restart (it counts the instances loaded from storage, and those below Min: forgetting an instance does not forget it was seen)",
				g.w.Name(h.id), seq, at(e.at), at(g.w.Now()), fate, h.px.Max()))
			return
		}
		if fate == paxos.Forgotten || (fate == paxos.Decided && v == e.value) {
			continue
		}
		if g.part == partA {
			_, ok := h.node.Decided()
			g.problems = append(g.problems, fmt.Sprintf(
				"DURABILITY broken: %s emitted Decision %q at %s, crashed, and restarted at %s; right after its Start, Decided() returns (%q, %v), want (%q, true): a node that decided must know the decision at boot, from its storage",
				g.w.Name(h.id), e.value, at(e.at), at(g.w.Now()), v, ok, e.value))
			return
		}
		g.problems = append(g.problems, fmt.Sprintf(
			"DURABILITY broken: %s emitted the decision %q of instance %d at %s, crashed, and restarted at %s; right after NewPeer, Status(%d) = %v %q, want Decided %q (or Forgotten): a peer must know at boot, from its storage, the instances it decided",
			g.w.Name(h.id), e.value, seq, at(e.at), at(g.w.Now()), seq, fate, v, e.value))
		return
	}
}

// problem returns the first broken rule checkBoot or the wire checks
// found, or nil.
func (g *group) problem() error {
	if len(g.problems) == 0 {
		return nil
	}
	return errors.New(g.problems[0])
}

// emitted returns the decision a custom event reports: its instance and
// value.
func decisionEvent(msg any) (seq int, v string, ok bool) {
	switch d := msg.(type) {
	case paxos.Decision:
		return 0, d.Value, true
	case paxos.InstanceDecision:
		return d.Seq, d.Value, true
	}
	return 0, "", false
}

// check is the observer of agreement and validity for every instance. It
// also checks that a node emits each instance's decision at most once,
// across restarts too, and reports what checkBoot found.
func (g *group) check(ev sim.Event) error {
	if err := g.problem(); err != nil {
		return err
	}
	if ev.Kind == sim.KindStart && slices.Contains(g.ids, ev.Node) {
		g.boots[ev.Node]++
	}
	if px := g.peer(ev.Node); px != nil && px.Max() > g.highest {
		return fmt.Errorf("%s's Max() is %d, but no application started an instance above %d (nor declared one done): Max is the highest instance seen, not one past it",
			g.w.Name(ev.Node), px.Max(), g.highest)
	}
	if ev.Kind != sim.KindCustom {
		return nil
	}
	seq, v, ok := decisionEvent(ev.Msg)
	if !ok {
		return nil
	}
	if _, isA := ev.Msg.(paxos.Decision); isA != (g.part == partA) {
		return fmt.Errorf("%s emitted %#v: Part A nodes emit paxos.Decision, Part B peers paxos.InstanceDecision", g.w.Name(ev.Node), ev.Msg)
	}
	name := g.w.Name(ev.Node)
	if g.emitted[ev.Node] == nil {
		g.emitted[ev.Node] = map[int]emission{}
	}
	event := "Decision"
	if g.part == partB {
		event = "InstanceDecision"
	}
	if prev, ok := g.emitted[ev.Node][seq]; ok {
		if prev.boot == g.boots[ev.Node] {
			return fmt.Errorf("DUPLICATE %s: %s emitted %s %q at %s, and now %q again, without a restart in between: a node emits a decision once, the moment it learns it",
				event, name, g.what(seq), prev.value, at(prev.at), v)
		}
		return fmt.Errorf("DUPLICATE %s: %s emitted %s %q at %s, crashed and restarted, and now emits %q again: a node that decided before a crash knows it at boot, from its storage, and does not emit it again",
			event, name, g.what(seq), prev.value, at(prev.at), v)
	}
	g.emitted[ev.Node][seq] = emission{value: v, at: ev.Time, boot: g.boots[ev.Node]}
	if !g.proposed[seq][v] {
		return fmt.Errorf("VALIDITY broken: %s decided %q for %s, which no node proposed (proposed: %s)",
			name, v, g.what(seq), quoted(g.proposed[seq]))
	}
	first, ok := g.decided[seq]
	if !ok {
		g.decided[seq] = decision{value: v, node: ev.Node}
		return nil
	}
	if v != first.value {
		return fmt.Errorf("AGREEMENT broken: %s decided %q for %s, but %s decided %q",
			name, v, g.what(seq), g.w.Name(first.node), first.value)
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

// knows returns the running nodes whose status of instance seq is
// Decided, or also Forgotten if forgotten is set.
func (g *group) knows(seq int, forgotten bool) []sim.NodeID {
	var out []sim.NodeID
	for _, id := range g.ids {
		if h := g.host(id); h != nil {
			if fate, _ := h.status(seq); fate == paxos.Decided || (forgotten && fate == paxos.Forgotten) {
				out = append(out, id)
			}
		}
	}
	return out
}

// deciders returns the running nodes whose status says instance seq is
// decided.
func (g *group) deciders(seq int) []sim.NodeID { return g.knows(seq, false) }

// checkStatus fails the run if a node's status reports for instance seq a
// value other than the one decided, or one no node emitted.
func (g *group) checkStatus(r *kit.Run, seq int) {
	r.T().Helper()
	for _, id := range g.ids {
		h := g.host(id)
		if h == nil {
			continue
		}
		fate, v := h.status(seq)
		if fate != paxos.Decided {
			continue
		}
		d, ok := g.decided[seq]
		switch {
		case !ok:
			r.Fatalf("%s reports %s decided, %q, but no node emitted a decision event for it", g.w.Name(id), g.what(seq), v)
		case v != d.value:
			r.Fatalf("AGREEMENT broken: %s reports %s decided, %q, but %s decided %q", g.w.Name(id), g.what(seq), v, g.w.Name(d.node), d.value)
		}
	}
}

// waitDecided runs w until at least want nodes know instance seq decided,
// and fails the run if they do not by deadline.
func (g *group) waitDecided(r *kit.Run, seq, want int, deadline time.Duration) {
	r.T().Helper()
	ok, err := g.w.RunUntil(deadline, func() bool { return len(g.deciders(seq)) >= want })
	r.Check(err)
	r.Check(g.problem())
	if !ok {
		r.Fatalf("LIVENESS broken: %s: only %s of %d nodes know it decided at %s; want %d",
			g.what(seq), nameList(g.w, g.deciders(seq)), len(g.ids), at(deadline), want)
	}
	g.checkStatus(r, seq)
}

// waitAllDecided runs w until every node knows every instance in seqs
// decided, and fails the run if they do not by deadline.
func (g *group) waitAllDecided(r *kit.Run, seqs []int, deadline time.Duration) {
	r.T().Helper()
	g.waitKnown(r, g.ids, seqs, false, deadline, "with every node up and the network healed")
}

// waitKnown runs w until every node of ids knows every instance in seqs
// (decided, or also forgotten if forgotten is set), and fails the run if
// they do not by deadline; the failure says why they should have (why).
func (g *group) waitKnown(r *kit.Run, ids []sim.NodeID, seqs []int, forgotten bool, deadline time.Duration, why string) {
	r.T().Helper()
	missing := func() (int, []sim.NodeID) {
		for _, seq := range seqs {
			k := g.knows(seq, forgotten)
			for _, id := range ids {
				if !slices.Contains(k, id) {
					return seq, k
				}
			}
		}
		return -1, nil
	}
	ok, err := g.w.RunUntil(deadline, func() bool { seq, _ := missing(); return seq < 0 })
	r.Check(err)
	r.Check(g.problem())
	if !ok {
		seq, k := missing()
		var lacking []sim.NodeID
		for _, id := range ids {
			if !slices.Contains(k, id) {
				lacking = append(lacking, id)
			}
		}
		r.Fatalf("LIVENESS broken: %s: %s do not know it at %s, %s (it is known to %s; proposed: %s)",
			g.what(seq), nameList(g.w, lacking), at(deadline), why, nameList(g.w, k), quoted(g.proposed[seq]))
	}
	for _, seq := range seqs {
		g.checkStatus(r, seq)
	}
}

// Part A's view of instance 0.

// value returns the first decision emitted, or "".
func (g *group) value() string { return g.decided[0].value }

// anyDecided reports whether some node emitted a decision of instance 0.
func (g *group) anyDecided() bool { _, ok := g.decided[0]; return ok }

// decider returns the node that emitted the first decision of instance 0.
func (g *group) decider() sim.NodeID { return g.decided[0].node }

// requireAllDecide runs w until every node knows the decision, and fails
// the run if one does not by deadline.
func (g *group) requireAllDecide(r *kit.Run, deadline time.Duration) {
	r.T().Helper()
	g.waitAllDecided(r, []int{0}, deadline)
}

// seqRange returns the instances lo, lo+1, ..., hi-1.
func seqRange(lo, hi int) []int {
	var seqs []int
	for s := lo; s < hi; s++ {
		seqs = append(seqs, s)
	}
	return seqs
}
