// The life of a message, part two: from its arrival at a node to the code
// that handles it. Part one, from Env.Send onto the network, is net.go.
// A message that arrives at a node that is down, that restarted since it
// was sent, or whose link was cut meanwhile is dropped; any other is
// delivered: reported, then offered to the hooks libraries installed
// (Hooks.Intercept, which is how rpc gets its requests and replies), and
// otherwise handed to the node's Receive.

package sim

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

// deliver hands a message to incarnation inc of n: to its interceptors
// first, then Receive. The watchdog covers it from before the delivery is
// reported, so a stuck observer is caught too.
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
	n.inst.Receive(env, m.from, m.msg)
	w.leave()
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
