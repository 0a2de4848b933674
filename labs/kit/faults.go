package kit

import (
	"slices"
	"time"

	"github.com/distlab/distlab/sim"
)

// openSpan is a fault that began and has not ended yet.
type openSpan struct {
	tag, desc string
	start     time.Duration
}

// RecordFaults marks w's crashes, pauses and network changes in the
// visualization of h, so that a linearizability failure shows what the
// network and the servers were doing at the time. It also notes, for each
// operation clients record from then on, the node that called it, the
// events at which it was called and returned, and the server whose reply
// returned it, which the visualization shows in the operation's tooltip.
func (h *History) RecordFaults(w *sim.World) {
	down := map[sim.NodeID]time.Duration{}
	paused := map[sim.NodeID]time.Duration{}
	var net *openSpan
	h.w = w
	w.Observe(func(ev sim.Event) error {
		switch ev.Kind {
		case sim.KindDeliver, sim.KindTimer, sim.KindStart:
			// A handler starts: the operations it calls or returns
			// happen at this event.
			h.trigger = sim.Event{Index: ev.Index, Time: ev.Time, Kind: ev.Kind, Node: ev.Node, Peer: ev.Peer}
			return nil
		case sim.KindCrash, sim.KindRestart, sim.KindPause, sim.KindResume, sim.KindNetwork:
		default:
			return nil
		}
		name := w.Name(ev.Node)
		switch ev.Kind {
		case sim.KindCrash:
			down[ev.Node] = ev.Time
		case sim.KindRestart:
			if t, ok := down[ev.Node]; ok {
				h.Annotate("crashes", name+" down", t, ev.Time)
				delete(down, ev.Node)
			}
		case sim.KindPause:
			paused[ev.Node] = ev.Time
		case sim.KindResume:
			if t, ok := paused[ev.Node]; ok {
				h.Annotate("crashes", name+" paused", t, ev.Time)
				delete(paused, ev.Node)
			}
		case sim.KindNetwork:
			if net != nil {
				h.Annotate(net.tag, net.desc, net.start, ev.Time)
				net = nil
			}
			if ev.Detail != "heal" {
				net = &openSpan{tag: "network", desc: ev.Detail, start: ev.Time}
			}
		}
		// Spans still open when the check runs end with the history.
		h.open = h.open[:0]
		if net != nil {
			h.open = append(h.open, *net)
		}
		for _, id := range sortedIDs(down) {
			h.open = append(h.open, openSpan{tag: "crashes", desc: w.Name(id) + " down", start: down[id]})
		}
		for _, id := range sortedIDs(paused) {
			h.open = append(h.open, openSpan{tag: "crashes", desc: w.Name(id) + " paused", start: paused[id]})
		}
		return nil
	})
}

func sortedIDs(m map[sim.NodeID]time.Duration) []sim.NodeID {
	ids := make([]sim.NodeID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
