package kit

import (
	"fmt"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/distlab/distlab/sim"
)

// History records the operations clients perform, with the virtual times
// at which each was called and returned, for a linearizability check.
type History struct {
	ops         []porcupine.Operation
	done        []bool
	annotations []porcupine.Annotation
	open        []openSpan // faults still going on; see RecordFaults
	last        time.Duration

	// With RecordFaults: the world, the event that started the handler
	// running now (a delivery, a timer, a start), and where each
	// operation was called and returned, for its tooltip.
	w       *sim.World
	trigger sim.Event
	meta    []opMeta
}

// opMeta is where in the run an operation was called and returned.
type opMeta struct {
	client     string // the node that called it
	call, ret  uint64 // the events of the handlers that called and returned it (0: unknown)
	server     string // the node whose reply returned it ("": not a reply)
	known, got bool   // call and ret are set
}

// Call records that client called an operation with input at virtual time
// at, and returns the operation's handle for Return.
func (h *History) Call(client int, input any, at time.Duration) int {
	h.ops = append(h.ops, porcupine.Operation{ClientId: client, Input: input, Call: int64(at), Return: -1})
	h.done = append(h.done, false)
	h.last = max(h.last, at)
	var m opMeta
	if h.w != nil && h.trigger.Index > 0 {
		m = opMeta{client: h.w.Name(h.trigger.Node), call: h.trigger.Index, known: true}
	}
	h.meta = append(h.meta, m)
	return len(h.ops) - 1
}

// Return records the output of operation op, returned at virtual time at.
// An operation that never returns (its client gave up) may have taken
// effect at any time after its call: the check treats it so.
func (h *History) Return(op int, output any, at time.Duration) {
	h.ops[op].Output = output
	h.ops[op].Return = int64(at)
	h.done[op] = true
	h.last = max(h.last, at)
	if h.w != nil && h.trigger.Index > 0 {
		m := &h.meta[op]
		m.ret, m.got = h.trigger.Index, true
		if h.trigger.Kind == sim.KindDeliver {
			m.server = h.w.Name(h.trigger.Peer)
		}
	}
}

// describe says where in the run operation op was called and returned,
// for its tooltip: e.g. "c2 called it at event #812 and got the reply of
// s1 at event #1093". It returns "" for a history without a world.
func (h *History) describe(op int) string {
	m := h.meta[op]
	if !m.known {
		return ""
	}
	text := fmt.Sprintf("%s called it at event #%d", m.client, m.call)
	switch {
	case !h.done[op]:
		text += " and never saw it return"
	case m.got && m.server != "":
		text += fmt.Sprintf(" and got the reply of %s at event #%d", m.server, m.ret)
	case m.got:
		text += fmt.Sprintf("; it returned at event #%d", m.ret)
	}
	return text
}

// Len returns the number of operations called so far.
func (h *History) Len() int { return len(h.ops) }

// Completed returns the number of operations that returned.
func (h *History) Completed() int {
	n := 0
	for _, d := range h.done {
		if d {
			n++
		}
	}
	return n
}

// Annotate marks a span of virtual time in the visualization (a partition,
// a crash), in a row named tag.
func (h *History) Annotate(tag, description string, start, end time.Duration) {
	h.annotations = append(h.annotations, porcupine.Annotation{
		Tag: tag, Start: int64(start), End: int64(end), Description: description,
		Details: fmt.Sprintf("%s: %v to %v", description, start, end),
	})
}

// operations returns the history as porcupine takes it. Operations that
// never returned get a return time after everything else, unless keep says
// they constrain nothing and can be left out (a read whose result nobody
// saw).
func (h *History) operations(keepPending func(input any) bool) []porcupine.Operation {
	end := int64(h.last) + 1
	ops := make([]porcupine.Operation, 0, len(h.ops))
	for i, op := range h.ops {
		if !h.done[i] {
			if !keepPending(op.Input) {
				continue
			}
			op.Return = end
		}
		if d := h.describe(i); d != "" {
			op.Metadata = htmlEscaper.Replace(d) // the tooltip shows it as HTML
		}
		ops = append(ops, op)
	}
	return ops
}
