package sim

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// lockNode is one of two peers that take turns in a critical section by
// asking each other (Ricart-Agrawala without timestamps: the lower id wins
// a tie). Peer 0 asks at once, peer 1 after 10ms; each holds the section
// for 5ms. The buggy variant grants every request it gets while it is not
// in the section, even while it is asking itself: if the two requests
// cross, both are granted. Random runs with millisecond latencies never
// make them cross (peer 0 is done long before peer 1 asks); the explorer,
// for which time does not order deliveries, finds the interleaving.
type lockNode struct {
	buggy      bool
	env        Env
	peer       NodeID
	requesting bool
	holding    bool
	done       bool
	deferred   []NodeID
}

type lockReq struct{}
type lockOK struct{}

func (n *lockNode) Start(env Env) {
	n.env = env
	if env.ID() == 0 {
		n.request()
	} else {
		env.After(10*time.Millisecond, n.request)
	}
}

func (n *lockNode) request() {
	n.requesting = true
	n.env.Send(n.peer, lockReq{})
}

func (n *lockNode) Receive(env Env, from NodeID, msg any) {
	switch msg.(type) {
	case lockReq:
		wins := n.requesting && env.ID() < from
		if n.holding || (!n.buggy && wins) {
			n.deferred = append(n.deferred, from)
			return
		}
		env.Send(from, lockOK{})
	case lockOK:
		n.requesting, n.holding = false, true
		env.Emit("enter")
		env.After(5*time.Millisecond, n.release)
	}
}

func (n *lockNode) release() {
	n.holding, n.done = false, true
	for _, p := range n.deferred {
		n.env.Send(p, lockOK{})
	}
	n.deferred = nil
}

// lockSetup builds the two peers, with a network of latency and jitter.
func lockSetup(buggy bool) func(w *World) error {
	return func(w *World) error {
		w.MustAddNode("a", func() Node { return &lockNode{buggy: buggy, peer: 1} })
		w.MustAddNode("b", func() Node { return &lockNode{buggy: buggy, peer: 0} })
		return nil
	}
}

// mutualExclusion is the invariant: at most one peer holds the section.
func mutualExclusion(w *World) error {
	a, _ := w.Node(0).(*lockNode)
	b, _ := w.Node(1).(*lockNode)
	if a != nil && b != nil && a.holding && b.holding {
		return errors.New("both peers hold the lock")
	}
	return nil
}

// lockState is an abstract state of the lock protocol, built by hand from
// the nodes' fields and the pending events, to count distinct states
// independently of the explorer's hash.
func lockState(w *World) string {
	s := ""
	for _, id := range w.Nodes() {
		n := w.Node(id).(*lockNode)
		s += fmt.Sprintf("%v%v%v%v|", n.requesting, n.holding, n.done, n.deferred)
	}
	var msgs []string
	var timers []string
	for _, e := range w.q.h {
		switch e.kind {
		case evDeliver:
			m := w.msgs[e.slot]
			msgs = append(msgs, fmt.Sprintf("%d>%d:%T", m.from, e.node, m.msg))
		case evTimer:
			if w.timers[e.slot].live {
				timers = append(timers, fmt.Sprint(e.node)) // a node has one timer at a time
			}
		}
	}
	slices.Sort(msgs)
	slices.Sort(timers)
	return fmt.Sprint(s, msgs, timers)
}
