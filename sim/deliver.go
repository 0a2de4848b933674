// The life of a message, part two: from its arrival at a node to the code
// that handles it. Part one, from Env.Send onto the network, is net.go.
// A message that arrives at a node that is down, that restarted since it
// was sent, or whose link was cut meanwhile is dropped; any other is
// delivered: reported, then offered to the hooks libraries installed
// (Hooks.Intercept, which is how rpc gets its requests and replies), and
// otherwise handed to the node's Receive, if it has one.

package sim

import "fmt"

// arrive handles the evDeliver event e at node n: the message it points at
// is dropped or delivered. (A paused node's arrivals wait in its held
// events until it resumes; see step.)
func (w *World) arrive(n *node, e event) {
	m := w.takeMsg(e.slot)
	switch {
	case !n.up:
		w.dropArrived(m, n.id, DropDown)
	case n.inc != e.inc:
		w.dropArrived(m, n.id, DropRestarted)
	case w.links.cut(m.from, n.id):
		w.dropArrived(m, n.id, DropCut)
	default:
		w.deliver(n, m, e.inc)
	}
}

// deliver hands a message to incarnation inc of n: to the interceptors
// libraries registered (Hooks.Intercept) first, then to the node's
// Receive, or, if the node is not a Receiver, nowhere (see unhandled). The
// watchdog covers it from before the delivery is reported, so a stuck
// observer is caught too.
func (w *World) deliver(n *node, m msgSlot, inc uint32) {
	w.count(w.nodes[m.from]) // a delivery is the sender's doing
	w.stats.Delivered++
	w.enter(n.id, KindDeliver, m.from, m.msg)
	w.report(KindDeliver, n.id, m.from, m.msg, m.hash, "")
	if !w.handles(n, inc) {
		w.leave()
		return
	}
	env := n.env
	for _, ic := range env.intercept {
		if ic(m.from, m.msg) {
			w.leave()
			return
		}
	}
	if n.recv != nil {
		n.recv.Receive(env, m.from, m.msg)
	} else {
		w.unhandled(n, m)
	}
	w.leave()
}

// unhandled counts a delivered message that nothing took: the node is not
// a Receiver and no interceptor consumed it. The trace says so; the
// fingerprint does not change, as for a Receive that ignores the message.
func (w *World) unhandled(n *node, m msgSlot) {
	w.stats.Unhandled++
	if w.opts.Trace != nil {
		w.trace(Event{Index: w.index, Time: w.now, Kind: KindLog, Node: n.id, Peer: m.from,
			Detail: fmt.Sprintf("unhandled %T from %s: %T is not a sim.Receiver", m.msg, w.Name(m.from), n.inst)})
	}
}

// dropArrived drops a message that reached its receiver, under the
// watchdog, since observers see the drop.
func (w *World) dropArrived(m msgSlot, to NodeID, reason string) {
	w.enter(to, KindDrop, m.from, m.msg)
	w.drop(m, to, reason)
	w.leave()
}

// drop counts and reports the drop of a message that left the queue.
func (w *World) drop(m msgSlot, to NodeID, reason string) {
	w.stats.Dropped++
	w.report(KindDrop, m.from, to, m.msg, m.hash, reason)
}
