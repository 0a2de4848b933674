package paxos_test

import (
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
// again at every boot once the node has been asked to, and the checks of
// agreement and validity, made at every event.
type decreeGroup struct {
	w        *sim.World
	ids      []sim.NodeID
	values   map[sim.NodeID]string // the value each node proposes
	proposed map[string]bool       // every value passed to Propose

	decided bool       // some node emitted a Decision
	value   string     // the first decision emitted
	decider sim.NodeID // the node that emitted it
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
	}
	for _, id := range g.ids {
		w.MustAddNode(fmt.Sprintf("n%d", id), func() sim.Node {
			return &decreeHost{Node: paxos.NewNode(g.ids), g: g, id: id}
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

// check is the observer of agreement and validity: every Decision a node
// emits must be a proposed value, and the same value as every other.
func (g *decreeGroup) check(ev sim.Event) error {
	if ev.Kind != sim.KindCustom {
		return nil
	}
	d, ok := ev.Msg.(paxos.Decision)
	if !ok {
		return nil
	}
	name := g.w.Name(ev.Node)
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
