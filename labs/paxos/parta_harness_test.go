package paxos_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// decreeGroup is a group of single-decree nodes (Part A) under test, with
// the application around them: the value each node proposes, proposed
// again at every boot once the node has been asked to, and the checks made
// at every event: agreement, validity, a node emits Decision at most once
// (restarts included), and a node that decided knows it again at boot.
type decreeGroup struct {
	w        *sim.World
	ids      []sim.NodeID
	values   map[sim.NodeID]string // the value each node proposes
	proposed map[string]bool       // every value passed to Propose

	decided bool       // some node emitted a Decision
	value   string     // the first decision emitted
	decider sim.NodeID // the node that emitted it

	boots    map[sim.NodeID]int      // how many times each node booted
	emitted  map[sim.NodeID]emission // each node's Decision event
	problems []string                // broken invariants seen at boot
}

// emission is a Decision event a node emitted.
type emission struct {
	value string
	at    time.Duration
	boot  int // the node's boot (1 for the first) that emitted it
}

// decreeHost runs a paxos.Node and proposes its node's value at boot.
type decreeHost struct {
	*paxos.Node
	g       *decreeGroup
	id      sim.NodeID
	started bool
}

func (h *decreeHost) Start(env sim.Env) {
	h.Node.Start(env)
	h.started = true
	h.g.checkBoot(h.id, h.Node)
	if v, ok := h.g.values[h.id]; ok {
		h.g.proposed[v] = true
		h.Node.Propose(v)
	}
}

// newDecreeGroup adds n nodes named n0, n1, ... to w.
func newDecreeGroup(w *sim.World, n int) *decreeGroup {
	g := &decreeGroup{
		w:        w,
		ids:      nextIDs(w, n),
		values:   map[sim.NodeID]string{},
		proposed: map[string]bool{},
		boots:    map[sim.NodeID]int{},
		emitted:  map[sim.NodeID]emission{},
	}
	for _, id := range g.ids {
		w.MustAddNode(fmt.Sprintf("n%d", id), func() sim.Node {
			return &decreeHost{Node: paxos.NewNode(slices.Clone(g.ids)), g: g, id: id}
		})
	}
	w.Observe(g.check)
	return g
}

// node returns the running, started paxos.Node of id, or nil.
func (g *decreeGroup) node(id sim.NodeID) *paxos.Node {
	h, ok := g.w.Node(id).(*decreeHost)
	if !ok || !h.started {
		return nil
	}
	return h.Node
}

// proposeAt makes node id propose v at virtual time t, and again after
// every restart from then on.
func (g *decreeGroup) proposeAt(t time.Duration, id sim.NodeID, v string) {
	g.w.At(t, func() {
		g.values[id] = v
		if n := g.node(id); n != nil {
			g.proposed[v] = true
			n.Propose(v)
		}
	})
}

// checkBoot runs right after node id's Start: a node that emitted a
// Decision before it crashed must know the decision again at boot, from
// its storage. A broken rule is reported by check at the next event.
func (g *decreeGroup) checkBoot(id sim.NodeID, n *paxos.Node) {
	e, ok := g.emitted[id]
	if !ok {
		return
	}
	if v, ok := n.Decided(); !ok || v != e.value {
		g.problems = append(g.problems, fmt.Sprintf(
			"DURABILITY broken: %s emitted Decision %q at %s, crashed, and restarted at %s; right after its Start, Decided() returns (%q, %v), want (%q, true): a node that decided must know the decision at boot, from its storage",
			g.w.Name(id), e.value, at(e.at), at(g.w.Now()), v, ok, e.value))
	}
}

// problem returns the first broken rule checkBoot found, or nil.
func (g *decreeGroup) problem() error {
	if len(g.problems) == 0 {
		return nil
	}
	return errors.New(g.problems[0])
}

// check is the observer of agreement and validity: every Decision a node
// emits must be a proposed value, and the same value as every other. It
// also checks that a node emits Decision at most once, across restarts
// too, and reports what checkBoot found.
func (g *decreeGroup) check(ev sim.Event) error {
	if err := g.problem(); err != nil {
		return err
	}
	if ev.Kind == sim.KindStart && slices.Contains(g.ids, ev.Node) {
		g.boots[ev.Node]++
	}
	if ev.Kind != sim.KindCustom {
		return nil
	}
	d, ok := ev.Msg.(paxos.Decision)
	if !ok {
		return nil
	}
	name := g.w.Name(ev.Node)
	if prev, ok := g.emitted[ev.Node]; ok {
		if prev.boot == g.boots[ev.Node] {
			return fmt.Errorf("DUPLICATE Decision: %s emitted Decision %q at %s, and now Decision %q again, without a restart in between: a node emits Decision once, the moment it learns the decision",
				name, prev.value, at(prev.at), d.Value)
		}
		return fmt.Errorf("DUPLICATE Decision: %s emitted Decision %q at %s, crashed and restarted, and now emits Decision %q again: a node that decided before a crash knows the decision at boot, from its storage, and does not emit it again",
			name, prev.value, at(prev.at), d.Value)
	}
	g.emitted[ev.Node] = emission{value: d.Value, at: ev.Time, boot: g.boots[ev.Node]}
	if !g.proposed[d.Value] {
		return fmt.Errorf("VALIDITY broken: %s decided %q, which no node proposed (proposed: %s)", name, d.Value, g.proposedList())
	}
	if !g.decided {
		g.decided, g.value, g.decider = true, d.Value, ev.Node
		return nil
	}
	if d.Value != g.value {
		return fmt.Errorf("AGREEMENT broken: %s decided %q, but %s decided %q", name, d.Value, g.w.Name(g.decider), g.value)
	}
	return nil
}

func (g *decreeGroup) proposedList() string {
	var vs []string
	for v := range g.proposed {
		vs = append(vs, fmt.Sprintf("%q", v))
	}
	slices.Sort(vs)
	return strings.Join(vs, ", ")
}

// undecided returns the nodes that are down or do not know the decision.
func (g *decreeGroup) undecided() []sim.NodeID {
	var out []sim.NodeID
	for _, id := range g.ids {
		n := g.node(id)
		if n == nil {
			out = append(out, id)
			continue
		}
		if _, ok := n.Decided(); !ok {
			out = append(out, id)
		}
	}
	return out
}

// deciders returns the nodes that know the decision.
func (g *decreeGroup) deciders() []sim.NodeID {
	var out []sim.NodeID
	for _, id := range g.ids {
		if n := g.node(id); n != nil {
			if _, ok := n.Decided(); ok {
				out = append(out, id)
			}
		}
	}
	return out
}

// requireAllDecide runs w until every node knows the decision, and fails
// the run if one does not by deadline, or if a node's Decided disagrees
// with the Decision events.
func (g *decreeGroup) requireAllDecide(r *kit.Run, deadline time.Duration) {
	r.T().Helper()
	ok, err := g.w.RunUntil(deadline, func() bool { return len(g.undecided()) == 0 })
	r.Check(err)
	r.Check(g.problem())
	if !ok {
		r.Fatalf("LIVENESS broken: nodes %s did not learn a decision by %s, with every node up and the network healed (proposed: %s)",
			nameList(g.w, g.undecided()), at(deadline), g.proposedList())
	}
	g.checkDecidedMethod(r)
}

// checkDecidedMethod checks that Decided reports what the nodes emitted.
func (g *decreeGroup) checkDecidedMethod(r *kit.Run) {
	r.T().Helper()
	for _, id := range g.ids {
		n := g.node(id)
		if n == nil {
			continue
		}
		v, ok := n.Decided()
		switch {
		case ok && !g.decided:
			r.Fatalf("%s: Decided() returns %q, but no node ever emitted a paxos.Decision event", g.w.Name(id), v)
		case ok && v != g.value:
			r.Fatalf("AGREEMENT broken: %s: Decided() returns %q, but %s emitted Decision %q", g.w.Name(id), v, g.w.Name(g.decider), g.value)
		}
	}
}
