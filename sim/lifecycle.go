package sim

import "fmt"

// Crash stops node id at once: its instance is discarded, its timers will
// never fire, and messages in flight to it are dropped, even if it restarts
// before they arrive. (Messages sent to it while it is down reach it if it
// is up again when they arrive.) Its Storage is kept for Restart.
func (w *World) Crash(id NodeID) error {
	if err := w.checkNode("Crash", id); err != nil {
		return err
	}
	n := w.nodes[id]
	if !n.up {
		return w.fail(fmt.Errorf("sim: Crash(%s): the node is already down", n.name))
	}
	if !w.faults.crash(id) {
		return nil // a FaultPlan left this crash out
	}
	n.up, n.paused = false, false
	n.inst, n.recv, n.env = nil, nil, nil
	w.report(KindCrash, id, NoNode, nil, 0, "")
	w.dropHeld(n)
	return nil
}

// Restart boots a crashed node again: a fresh instance from its factory,
// in a new incarnation, with only its Storage kept. Start runs at the
// current virtual time.
func (w *World) Restart(id NodeID) error {
	if err := w.checkNode("Restart", id); err != nil {
		return err
	}
	n := w.nodes[id]
	if n.up && w.faults.restartSkipped(id) {
		return nil // a FaultPlan left its crash out
	}
	if n.up {
		return w.fail(fmt.Errorf("sim: Restart(%s): the node is up; crash it first", n.name))
	}
	inst := n.factory()
	if inst == nil {
		return w.fail(fmt.Errorf("sim: Restart(%s): the factory returned nil", n.name))
	}
	w.report(KindRestart, id, NoNode, nil, uint64(n.inc+1), "")
	w.boot(n, inst)
	return nil
}

// Pause freezes node id, as a long garbage-collection pause or a stopped
// process would: nothing it should handle runs until Resume, when its due
// timers fire (late) and held messages arrive, in their original order.
func (w *World) Pause(id NodeID) error {
	if err := w.checkNode("Pause", id); err != nil {
		return err
	}
	n := w.nodes[id]
	switch {
	case !n.up:
		return w.fail(fmt.Errorf("sim: Pause(%s): the node is down", n.name))
	case n.paused:
		return w.fail(fmt.Errorf("sim: Pause(%s): the node is already paused", n.name))
	}
	if !w.faults.pause(id) {
		return nil // a FaultPlan left this pause out
	}
	n.paused = true
	w.report(KindPause, id, NoNode, nil, 0, "")
	return nil
}

// Resume unfreezes a paused node; see Pause.
func (w *World) Resume(id NodeID) error {
	if err := w.checkNode("Resume", id); err != nil {
		return err
	}
	n := w.nodes[id]
	if !n.paused && w.faults.resumeSkipped(id) {
		return nil // a FaultPlan left its pause out
	}
	if !n.up || !n.paused {
		return w.fail(fmt.Errorf("sim: Resume(%s): the node is not paused", n.name))
	}
	n.paused = false
	w.report(KindResume, id, NoNode, nil, 0, "")
	for _, e := range n.held {
		// Held events are overdue: they go before anything else due now,
		// in the order they came due.
		w.lateSeq++
		e.at, e.seq = w.now, w.lateSeq
		w.q.push(e)
	}
	n.held = nil
	return nil
}

// dropHeld discards the events a paused node was holding when it crashed.
func (w *World) dropHeld(n *node) {
	for _, e := range n.held {
		switch e.kind {
		case evDeliver:
			w.drop(w.takeMsg(e.slot), n.id, DropRestarted)
		case evTimer:
			w.takeTimer(e.slot)
		}
	}
	n.held = nil
}
