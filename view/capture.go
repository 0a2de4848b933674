package view

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/distlab/distlab/sim"
)

// MaxStateFields bounds how many fields of one node's state a snapshot
// keeps (see sim.FlattenState).
const MaxStateFields = 2000

// maxStoredValue bounds how much of one stored value a snapshot shows.
const maxStoredValue = 200

// Capture records one world's run for a trace: every event as observers
// see it, which send each delivery or drop came from, the spans of time
// when links were cut, and each node's state after every event it handled.
type Capture struct {
	w      *sim.World
	events []Event

	// outstanding copies of messages, per link and message text: the
	// indexes of the sends (or duplicates) they came from, oldest first
	inflight map[flight][]uint64

	// the handler event that ran last, whose effect on its node's state is
	// recorded once the next handler starts (or the run ends)
	handler     uint64
	handlerNode sim.NodeID

	last   map[sim.NodeID][]sim.StateField // each node's last snapshot
	states []StateChange
	stored map[sim.NodeID]map[string]stored // each node's storage, as last seen

	cut   *Span // the partition under way, if any
	spans []Span
}

type flight struct {
	from, to sim.NodeID
	msg      string
}

// Record starts recording w. Call it before the scenario adds observers
// of its own, so that the capture has seen the event an invariant breaks
// at; call Finish when the run is over.
func Record(w *sim.World) *Capture {
	c := &Capture{
		w:           w,
		inflight:    map[flight][]uint64{},
		handlerNode: sim.NoNode,
		last:        map[sim.NodeID][]sim.StateField{},
		stored:      map[sim.NodeID]map[string]stored{},
	}
	w.Observe(c.observe)
	return c
}

func (c *Capture) observe(ev sim.Event) error {
	e := Event{
		Index: ev.Index, Time: int64(ev.Time), Kind: ev.Kind.String(),
		Node: int(ev.Node), Peer: int(ev.Peer), Detail: ev.Detail,
		Text: c.w.FormatEvent(ev),
	}
	if ev.Msg != nil {
		e.Type = typeName(ev.Msg)
		e.Msg = sim.FormatMsg(ev.Msg)
	}
	switch ev.Kind {
	case sim.KindStart, sim.KindDeliver, sim.KindTimer, sim.KindWorld:
		c.settle()
		if ev.Node != sim.NoNode {
			c.handler, c.handlerNode = ev.Index, ev.Node
		}
	case sim.KindCrash:
		c.settle()
		delete(c.last, ev.Node)
		c.states = append(c.states, StateChange{Event: ev.Index, Node: int(ev.Node), Reset: true, Down: true})
	}
	k := flight{ev.Node, ev.Peer, e.Msg}
	switch ev.Kind {
	case sim.KindSend:
		c.inflight[k] = append(c.inflight[k], ev.Index)
		// A message lost or cut at once is dropped before it is in flight;
		// the drop that follows takes it off again.
	case sim.KindDuplicate:
		if q := c.inflight[k]; len(q) > 0 {
			e.From = q[len(q)-1]
		}
		c.inflight[k] = append(c.inflight[k], ev.Index)
	case sim.KindDeliver, sim.KindDrop:
		if ev.Kind == sim.KindDeliver {
			k = flight{ev.Peer, ev.Node, e.Msg}
		}
		q := c.inflight[k]
		switch {
		case len(q) == 0:
		case ev.Kind == sim.KindDrop && c.justSent(k):
			// lost or cut as it was sent: the copy of the send just before
			e.From = q[len(q)-1]
			q = q[:len(q)-1]
		default:
			e.From = q[0]
			q = q[1:]
		}
		if len(q) == 0 {
			delete(c.inflight, k)
		} else {
			c.inflight[k] = q
		}
	case sim.KindNetwork:
		c.network(ev)
	}
	c.events = append(c.events, e)
	return nil
}

// justSent reports whether the last event was the send of a message on
// flight k.
func (c *Capture) justSent(k flight) bool {
	if len(c.events) == 0 {
		return false
	}
	e := c.events[len(c.events)-1]
	return e.Kind == "send" && sim.NodeID(e.Node) == k.from && sim.NodeID(e.Peer) == k.to && e.Msg == k.msg
}

// typeName is the Go type of a message, without the pointer.
func typeName(v any) string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.String()
}

// network notes when links are cut and when they are all whole again.
func (c *Capture) network(ev sim.Event) {
	cut := false
	nodes := c.w.Nodes()
	for _, a := range nodes {
		for _, b := range nodes {
			if a != b && !c.w.Linked(a, b) {
				cut = true
			}
		}
	}
	switch {
	case cut && c.cut == nil:
		c.cut = &Span{Start: int64(ev.Time), Event: ev.Index, Detail: ev.Detail}
	case cut:
		c.cut.Detail += "; " + ev.Detail
	case c.cut != nil:
		c.cut.End = int64(ev.Time)
		c.spans = append(c.spans, *c.cut)
		c.cut = nil
	}
}

// settle records what the last handler changed in its node's state.
func (c *Capture) settle() {
	if c.handler == 0 {
		return
	}
	id, at := c.handlerNode, c.handler
	c.handler, c.handlerNode = 0, sim.NoNode
	inst := c.w.Node(id)
	if inst == nil {
		return // it crashed while handling the event
	}
	fields := sim.FlattenState(inst, MaxStateFields)
	fields = append(fields, c.storage(id)...)
	prev, had := c.last[id]
	ch := StateChange{Event: at, Node: int(id), Reset: !had}
	if had && len(prev) == len(fields) && samePaths(prev, fields) {
		// The usual case: the same fields, some of them changed.
		for i, f := range fields {
			if prev[i].Value != f.Value {
				ch.Changes = append(ch.Changes, FieldChange{Path: f.Path, Old: prev[i].Value, New: f.Value})
			}
		}
	} else {
		old := make(map[string]string, len(prev))
		for _, f := range prev {
			old[f.Path] = f.Value
		}
		now := make(map[string]bool, len(fields))
		for _, f := range fields {
			now[f.Path] = true
			if v, ok := old[f.Path]; !ok || v != f.Value {
				ch.Changes = append(ch.Changes, FieldChange{Path: f.Path, Old: v, New: f.Value})
			}
		}
		for _, f := range prev {
			if !now[f.Path] {
				ch.Changes = append(ch.Changes, FieldChange{Path: f.Path, Old: f.Value, Gone: true})
			}
		}
	}
	c.last[id] = fields
	if len(ch.Changes) > 0 || ch.Reset {
		c.states = append(c.states, ch)
	}
}

// samePaths reports whether two snapshots have the same fields in the
// same order.
func samePaths(a, b []sim.StateField) bool {
	for i := range a {
		if a[i].Path != b[i].Path {
			return false
		}
	}
	return true
}

// storage returns the fields of node id's storage, one per key. Values
// are quoted again only when they changed.
func (c *Capture) storage(id sim.NodeID) []sim.StateField {
	st := c.w.Storage(id)
	keys := st.Keys("")
	fields := make([]sim.StateField, 0, len(keys))
	if c.stored[id] == nil {
		c.stored[id] = map[string]stored{}
	}
	old := c.stored[id]
	for _, k := range keys {
		v, _ := st.Get(k)
		s, ok := old[k]
		if !ok || string(s.raw) != string(v) {
			q := strconv.Quote(string(v[:min(len(v), maxStoredValue)]))
			if len(v) > maxStoredValue {
				q += fmt.Sprintf("...(%d bytes)", len(v))
			}
			s = stored{raw: v, quoted: q}
			old[k] = s
		}
		fields = append(fields, sim.StateField{Path: "storage[" + k + "]", Value: s.quoted})
	}
	return fields
}

// stored is a value of a node's storage, and how the state shows it.
type stored struct {
	raw    []byte
	quoted string
}

// Finish ends the recording and returns the world's part of a trace.
func (c *Capture) Finish() World {
	c.settle()
	w := World{
		Network:     c.w.Net().String(),
		Fingerprint: fmt.Sprintf("%016x", c.w.Fingerprint()),
		End:         int64(c.w.Now()),
		Events:      c.events,
		States:      c.states,
		Partitions:  c.spans,
	}
	if c.cut != nil {
		s := *c.cut
		s.End = w.End
		w.Partitions = append(w.Partitions, s)
	}
	for _, id := range c.w.Nodes() {
		w.Nodes = append(w.Nodes, Node{ID: int(id), Name: c.w.Name(id)})
	}
	var ierr *sim.InvariantError
	if err := c.w.Err(); errors.As(err, &ierr) {
		w.Broken = &Broken{Event: eventNumber(ierr.Event), Message: ierr.Err.Error()}
	}
	return w
}

// eventNumber reads the number of an event as errors describe it:
// "#243 n4 custom ...".
func eventNumber(desc string) uint64 {
	num, _, _ := strings.Cut(strings.TrimPrefix(desc, "#"), " ")
	n, _ := strconv.ParseUint(num, 10, 64)
	return n
}

// Events returns the events recorded so far.
func (c *Capture) Events() []Event { return c.events }

// Nodes returns the world's nodes.
func (c *Capture) Nodes() []Node {
	var nodes []Node
	for _, id := range c.w.Nodes() {
		nodes = append(nodes, Node{ID: int(id), Name: c.w.Name(id)})
	}
	return nodes
}
