package sim

import "time"

// Timer is a handle on a callback scheduled with Env.After or World.At.
// The zero Timer is stopped.
type Timer struct {
	w    *World
	slot int32
	gen  uint32
	node NodeID // owner, or NoNode for a World.At callback
	inc  uint32 // the owner's incarnation that set it
}

// timerSlot holds a scheduled callback. A slot stays taken until its event
// leaves the queue, even when the timer is stopped before that, so a slot
// is never reused while an event still points at it; gen tells a stale
// Timer handle from the slot's current owner.
type timerSlot struct {
	fn   func()
	gen  uint32
	live bool   // scheduled and not stopped
	node NodeID // owner, or NoNode for a World.At callback
}

// Stop cancels the timer. It reports whether it did: false when the timer
// already fired, was stopped before, or belongs to a crashed incarnation.
func (t Timer) Stop() bool {
	if t.w == nil {
		return false
	}
	if !t.Pending() {
		return false
	}
	s := &t.w.timers[t.slot]
	s.live = false
	s.fn = nil
	return true
}

// Pending reports whether the timer is scheduled and not yet fired or
// stopped, and the incarnation that set it is still running.
func (t Timer) Pending() bool {
	if t.w == nil {
		return false
	}
	s := &t.w.timers[t.slot]
	if s.gen != t.gen || !s.live {
		return false
	}
	if t.node != NoNode {
		n := t.w.nodes[t.node]
		return n.up && n.inc == t.inc
	}
	return true
}

// addTimer schedules fn at virtual time at, for node (NoNode for a world
// callback) in incarnation inc.
func (w *World) addTimer(at time.Duration, node NodeID, inc uint32, fn func()) Timer {
	if node != NoNode {
		w.countTimer(w.nodes[node])
	}
	var slot int32
	if n := len(w.freeTimers); n > 0 {
		slot = w.freeTimers[n-1]
		w.freeTimers = w.freeTimers[:n-1]
	} else {
		slot = int32(len(w.timers))
		w.timers = append(w.timers, timerSlot{})
	}
	s := &w.timers[slot]
	s.gen++
	s.fn = fn
	s.live = true
	s.node = node
	kind := evTimer
	if node == NoNode {
		kind = evWorld
	}
	w.push(event{at: at, kind: kind, node: node, inc: inc, slot: slot})
	return Timer{w: w, slot: slot, gen: s.gen, node: node, inc: inc}
}

// takeTimer frees a timer slot whose event left the queue and returns its
// callback, or nil if the timer was stopped.
func (w *World) takeTimer(slot int32) func() {
	s := &w.timers[slot]
	fn := s.fn
	if !s.live {
		fn = nil
	}
	s.fn = nil
	s.live = false
	if s.node != NoNode {
		w.nodes[s.node].timers--
	}
	w.freeTimers = append(w.freeTimers, slot)
	return fn
}
