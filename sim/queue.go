package sim

import "time"

// evKind is the internal kind of a queued event.
type evKind uint8

const (
	evStart   evKind = iota + 1 // boot or restart of a node: call Start
	evDeliver                   // a message arrives at a node
	evTimer                     // a node's timer fires
	evWorld                     // a callback scheduled by test code with World.At
)

// event is one entry of the event queue. It holds no pointers, so the queue
// is never scanned by the garbage collector; timers and messages live in
// side tables indexed by slot.
type event struct {
	at   time.Duration
	seq  uint64
	kind evKind
	node NodeID // target node (NoNode for world callbacks)
	inc  uint32 // target incarnation
	slot int32  // timer or message slot
}

// before reports whether a is ordered before b: by time, then by sequence
// number, so events at the same instant run in the order they were
// scheduled.
func (a *event) before(b *event) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

// queue is a 4-ary min-heap of events. A 4-ary heap halves the depth of a
// binary heap and keeps each sift-down's children in one cache line.
type queue struct {
	h []event
}

func (q *queue) len() int { return len(q.h) }

// peek returns the earliest event; the queue must not be empty.
func (q *queue) peek() *event { return &q.h[0] }

func (q *queue) push(e event) {
	q.h = append(q.h, e)
	h := q.h
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !h[i].before(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

// pop removes and returns the earliest event; the queue must not be empty.
func (q *queue) pop() event {
	h := q.h
	top := h[0]
	n := len(h) - 1
	last := h[n]
	q.h = h[:n]
	if n == 0 {
		return top
	}
	h = q.h
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if h[j].before(&h[m]) {
				m = j
			}
		}
		if !h[m].before(&last) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = last
	return top
}

// remove removes and returns the event at index i of the heap, for the
// explorer, which takes events in an order of its choosing.
func (q *queue) remove(i int) event {
	h := q.h
	e := h[i]
	n := len(h) - 1
	last := h[n]
	q.h = h[:n]
	if i == n {
		return e
	}
	h = q.h
	h[i] = last
	// Sift up, then down: the moved event may belong on either side.
	for i > 0 {
		p := (i - 1) / 4
		if !h[i].before(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < min(c+4, n); j++ {
			if h[j].before(&h[m]) {
				m = j
			}
		}
		if !h[m].before(&h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	return e
}
