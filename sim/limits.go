package sim

import "fmt"

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
