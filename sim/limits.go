package sim

import (
	"fmt"
	"time"
)

// checkLimits reports the first run limit that the event just taken off
// the queue breaks, naming the node most responsible.
func (w *World) checkLimits(e *event) error {
	switch {
	case w.popped > w.opts.MaxEvents:
		n := w.busiest(func(n *node) uint64 { return n.events })
		return &LimitError{Seed: w.seed, Time: w.now, Limit: "events", Node: n,
			Detail: fmt.Sprintf("more than %d events (a node that never stops sending or re-arming timers?)", w.opts.MaxEvents)}
	case w.instantN > w.opts.MaxInstantEvents:
		n := w.busiest(func(n *node) uint64 {
			if n.instantAt == int64(w.now) {
				return uint64(n.instantN)
			}
			return 0
		})
		return &LimitError{Seed: w.seed, Time: w.now, Limit: "events at one instant", Node: n,
			Detail: fmt.Sprintf("more than %d events at the same virtual time (a zero-delay timer or message loop that never lets time pass?)", w.opts.MaxInstantEvents)}
	case w.q.len() > w.opts.MaxPending:
		n := w.busiest(func(n *node) uint64 { return uint64(max(n.inflight, 0)) })
		return &LimitError{Seed: w.seed, Time: w.now, Limit: "pending events", Node: n,
			Detail: fmt.Sprintf("more than %d events waiting (a node flooding the network?)", w.opts.MaxPending)}
	}
	return nil
}

// count charges an event to the node that caused it (the owner of a
// timer, the sender of a message, the node that starts), for naming a
// runaway node, and ends the run if the node causes events faster than
// Options.MaxRate allows. The event's handler does not run then.
func (w *World) count(n *node) {
	n.events++
	if n.instantAt != int64(w.now) {
		n.instantAt, n.instantN = int64(w.now), 0
	}
	n.instantN++
	if s := int64(w.now / time.Second); s != n.second {
		n.second, n.secondN = s, 0
	}
	n.secondN++
	if n.secondN > w.opts.MaxRate {
		w.fail(&LimitError{Seed: w.seed, Time: w.now, Limit: "events per second", Node: n.name,
			Detail: fmt.Sprintf("the node caused more than %d events (its timers firing, its messages arriving) in one second of virtual time (a node flooding the network, or a timer loop with a tiny delay?)", w.opts.MaxRate)})
	}
}

// busiest returns the name of the node with the highest score, or "" if
// no node scores.
func (w *World) busiest(score func(*node) uint64) string {
	best, name := uint64(0), ""
	for _, n := range w.nodes {
		if s := score(n); s > best {
			best, name = s, n.name
		}
	}
	return name
}

// countSend counts a message that node n's running handler is sending,
// and ends the run (by panicking with a LimitError, which the event loop
// reports) if the handler or the node sends without bound.
func (w *World) countSend(n *node) {
	w.sends++
	switch {
	case w.sends > w.opts.MaxSendsPerHandler:
		panic(&LimitError{Limit: "sends per handler", Node: n.name,
			Detail: fmt.Sprintf("one handler call sent more than %d messages", w.opts.MaxSendsPerHandler)})
	case n.inflight >= w.opts.MaxInFlight:
		panic(&LimitError{Limit: "messages in flight", Node: n.name,
			Detail: fmt.Sprintf("the node has %d messages in flight, the most one node may have (a node flooding the network: each message it gets makes it send more?)", n.inflight)})
	}
}

// countTimer counts a timer that node n sets, and ends the run if the
// node has too many waiting.
func (w *World) countTimer(n *node) {
	if n.timers >= w.opts.MaxTimers {
		panic(&LimitError{Limit: "pending timers", Node: n.name,
			Detail: fmt.Sprintf("the node has %d timers waiting, the most one node may have (a node arming timers without bound? a stopped timer waits until its time)", n.timers)})
	}
	n.timers++
}
