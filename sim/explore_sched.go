// The explorer's scheduler: in an explored world the event loop asks it
// for each next event (World.pick) instead of taking the earliest one off
// the queue. It runs the events that involve no choice at once, lists the
// choices of the state it reached in a canonical order, and takes the one
// its choice sequence names, or asks the search (visit) once the sequence
// is used up.

package sim

import (
	"cmp"
	"fmt"
	"slices"
)

// choiceKind is what a choice does.
type choiceKind uint8

const (
	chDeliver choiceKind = iota // deliver a message in flight
	chTimer                     // fire a node's earliest timer (or the earliest World.At callback)
	chLoss                      // lose a message in flight (within ExploreConfig.Losses)
	chDup                       // duplicate a message in flight (within ExploreConfig.Duplicates)
	chCrash                     // crash a node that is up (within ExploreConfig.Crashes)
	chRestart                   // restart a node that is down (within ExploreConfig.Restarts)
)

var choiceNames = [...]string{chDeliver: "deliver", chTimer: "timer", chLoss: "lose", chDup: "duplicate", chCrash: "crash", chRestart: "restart"}

// choice is one enabled step of a state.
type choice struct {
	kind choiceKind
	node NodeID // receiver, timer owner (NoNode: a World.At callback), or node to crash
	from NodeID // sender of a message
	seq  uint64 // the queued event's sequence number
	at   int64  // a timer's due time
	// still: a node's timer due by now, which fires without moving the
	// clock (see take)
	still bool
	// with keyed: a message's content hash (and its receiver's
	// incarnation), and how many messages alike (receiver, sender,
	// content) come before it
	hash uint64
	occ  int
}

// ckey names a choice by what it does rather than by its event's sequence
// number, so that two schedules that reach one state name its choices
// alike: a message by receiver, sender, content and how many alike come
// before it; a timer by its node (each node has one timer choice); a
// fault by its kind and what it strikes.
type ckey struct {
	hash       uint64
	node, from NodeID
	occ        int32
	kind       choiceKind
}

func (c choice) key() ckey {
	return ckey{kind: c.kind, node: c.node, from: c.from, hash: c.hash, occ: int32(c.occ)}
}

// keyed returns a copy of the current state's choices with what their
// keys need filled in. Only BFS's sleep sets use keys, and only for the
// states it goes on from: a replay does not pay for them at every step.
func (s *sched) keyed() []choice {
	cs := slices.Clone(s.choices)
	for i := range cs {
		c := &cs[i]
		if c.kind != chDeliver && c.kind != chLoss && c.kind != chDup {
			continue
		}
		e := &s.w.q.h[s.find(c.seq)]
		c.hash = fold(s.w.msgs[e.slot].hash, uint64(e.inc))
		for _, o := range cs[:i] {
			if o.kind == c.kind && o.node == c.node && o.from == c.from && o.hash == c.hash {
				c.occ++
			}
		}
	}
	return cs
}

// sched drives one explored world along a choice sequence.
type sched struct {
	w      *World
	x      *explorer
	prefix []int // the choices to take, extended by visit
	taken  int   // how many of prefix were taken

	// faults used so far, within the budgets
	losses, dups, crashes, restarts int

	choices []choice // the enabled choices of the current state
	dels    []choice // buffers for building choices
	tims    []choice

	// visit is called in every state reached once prefix is used up; it
	// returns the index of the choice to take, or -1 to end the run.
	visit func(*sched) int
	err   error // the choice sequence does not fit the world (nondeterminism)

	record bool     // describe each choice taken in steps
	steps  []string // with record: the choices taken, described

	nodeHash []uint64 // each node's part of the state hash, when fresh
	fresh    []bool   // nodeHash[i] is up to date; see stateHash
}

// pick is the world's pick hook.
func (s *sched) pick() (event, bool) {
	w := s.w
	for w.err == nil {
		if i := s.forced(); i >= 0 {
			return s.take(i, false), true
		}
		s.enumerate()
		var c int
		if s.taken < len(s.prefix) {
			c = s.prefix[s.taken]
			if c < 0 || c >= len(s.choices) {
				s.err = fmt.Errorf("sim: explore: choice %d of %s is %d, but only %d events are enabled there "+
					"(the setup or the nodes do not run the same way twice)", s.taken+1, Choices(s.prefix), c, len(s.choices))
				return event{}, false
			}
		} else {
			if c = s.visit(s); c < 0 {
				return event{}, false
			}
			s.prefix = append(s.prefix, c)
		}
		s.taken++
		ch := s.choices[c]
		if s.record {
			s.steps = append(s.steps, s.describe(ch))
		}
		switch ch.kind {
		case chDeliver, chTimer:
			return s.take(s.find(ch.seq), ch.kind == chTimer), true
		case chLoss:
			s.losses++
			e := w.q.remove(s.find(ch.seq))
			w.dropArrived(w.takeMsg(e.slot), e.node, DropLoss)
		case chDup:
			s.dups++
			e := w.q.h[s.find(ch.seq)]
			m := w.msgs[e.slot]
			w.stats.Duplicated++
			w.report(KindDuplicate, m.from, e.node, m.msg, m.hash, "")
			w.deliverLater(w.nodes[m.from], e.node, recopy(m.msg), m.hash, 0)
		case chCrash:
			s.crashes++
			w.Crash(ch.node)
			s.touched(ch.node)
		case chRestart:
			s.restarts++
			w.Restart(ch.node)
			s.touched(ch.node)
		}
	}
	return event{}, false
}

// find returns the queue index of the event with sequence number seq.
func (s *sched) find(seq uint64) int {
	for i := range s.w.q.h {
		if s.w.q.h[i].seq == seq {
			return i
		}
	}
	panic("sim: explore: an enabled event left the queue")
}

// take removes the event at queue index i for the loop to run. Time
// passes only when a timer fires, up to its due time (never back: a timer
// chosen after a later one fires at the later one's time); a message, and
// an event that involves no choice (a stopped timer, a Start), happens
// at the time it is taken, however long after its sending. So
// the clock, and the timers nodes set, do not depend on how long the
// messages of a schedule took, and schedules that differ only in that
// reach the same state.
func (s *sched) take(i int, timer bool) event {
	e := s.w.q.remove(i)
	s.touched(e.node) // its code runs (NoNode: a World callback, which may reach any node)
	if !timer || e.at < s.w.now {
		e.at = s.w.now
	}
	return e
}

// forced returns the queue index of the earliest scheduled event that
// involves no choice, or -1: a node's Start (it runs when the node boots),
// a stopped timer or one of a crashed incarnation (it does nothing), and
// a message that can only be dropped (its receiver is down or restarted,
// or its link is cut).
func (s *sched) forced() int {
	w := s.w
	best := -1
	for i := range w.q.h {
		e := &w.q.h[i]
		if (best < 0 || e.seq < w.q.h[best].seq) && s.dead(e) {
			best = i
		}
	}
	return best
}

// dead reports whether e runs without a choice; see forced.
func (s *sched) dead(e *event) bool {
	w := s.w
	switch e.kind {
	case evStart:
		return true
	case evWorld:
		return !w.timers[e.slot].live
	case evTimer:
		n := w.nodes[e.node]
		return !w.timers[e.slot].live || !n.up || n.inc != e.inc
	case evDeliver:
		n := w.nodes[e.node]
		return !n.up || n.inc != e.inc || w.links.cut(w.msgs[e.slot].from, e.node)
	}
	return false
}

// enumerate lists the choices of the current state (which has no forced
// events) in the canonical order: deliveries by receiver, sender and
// sending order; then each node's earliest timer (timers of one node fire
// in the order they are due, as on a real clock; World.At callbacks count
// as timers of no node, listed last); then, within the budgets, the loss
// of each message, its duplication, the crash of each node that is up and
// the restart of each node that is down, in the order of the deliveries
// and of node ids.
func (s *sched) enumerate() {
	w := s.w
	s.dels, s.tims = s.dels[:0], s.tims[:0]
	for i := range w.q.h {
		e := &w.q.h[i]
		switch e.kind {
		case evDeliver:
			s.dels = append(s.dels, choice{kind: chDeliver, node: e.node, from: w.msgs[e.slot].from, seq: e.seq})
		case evTimer, evWorld:
			c := choice{kind: chTimer, node: e.node, seq: e.seq, at: int64(e.at), still: e.kind == evTimer && e.at <= w.now}
			j := slices.IndexFunc(s.tims, func(t choice) bool { return t.node == c.node })
			switch {
			case j < 0:
				s.tims = append(s.tims, c)
			case c.at < s.tims[j].at || c.at == s.tims[j].at && c.seq < s.tims[j].seq:
				s.tims[j] = c
			}
		}
	}
	slices.SortFunc(s.dels, func(a, b choice) int {
		return cmp.Or(cmp.Compare(a.node, b.node), cmp.Compare(a.from, b.from), cmp.Compare(a.seq, b.seq))
	})
	slices.SortFunc(s.tims, func(a, b choice) int {
		return cmp.Compare(uint32(a.node), uint32(b.node)) // NoNode last
	})
	s.choices = append(append(s.choices[:0], s.dels...), s.tims...)
	cfg := &s.x.cfg
	if s.losses < cfg.Losses {
		for _, d := range s.dels {
			d.kind = chLoss
			s.choices = append(s.choices, d)
		}
	}
	if s.dups < cfg.Duplicates {
		for _, d := range s.dels {
			d.kind = chDup
			s.choices = append(s.choices, d)
		}
	}
	if s.crashes < cfg.Crashes {
		for _, n := range w.nodes {
			if n.up {
				s.choices = append(s.choices, choice{kind: chCrash, node: n.id, from: NoNode})
			}
		}
	}
	if s.restarts < cfg.Restarts {
		for _, n := range w.nodes {
			if !n.up {
				s.choices = append(s.choices, choice{kind: chRestart, node: n.id, from: NoNode})
			}
		}
	}
}

// describe names choice c for a report, e.g. "deliver n1->n2
// election.VoteArgs{Term:1 Candidate:1}".
func (s *sched) describe(c choice) string {
	w := s.w
	switch c.kind {
	case chTimer:
		if c.node == NoNode {
			return "world callback"
		}
		return "timer " + w.Name(c.node)
	case chCrash, chRestart:
		return choiceNames[c.kind] + " " + w.Name(c.node)
	}
	msg := safeFormatMsg(w.msgs[w.q.h[s.find(c.seq)].slot].msg)
	if len(msg) > maxStepMsg {
		msg = msg[:maxStepMsg] + "..."
	}
	return choiceNames[c.kind] + " " + w.Name(c.from) + "->" + w.Name(c.node) + " " + msg
}

// maxStepMsg bounds the message a step prints; the trace (-events) has it
// all.
const maxStepMsg = 100
