package kit

import (
	"fmt"
	"time"

	"github.com/anishathalye/porcupine"
)

// History records the operations clients perform, with the virtual times
// at which each was called and returned, for a linearizability check.
type History struct {
	ops         []porcupine.Operation
	done        []bool
	annotations []porcupine.Annotation
	open        []openSpan // faults still going on; see RecordFaults
	last        time.Duration
}

// Call records that client called an operation with input at virtual time
// at, and returns the operation's handle for Return.
func (h *History) Call(client int, input any, at time.Duration) int {
	h.ops = append(h.ops, porcupine.Operation{ClientId: client, Input: input, Call: int64(at), Return: -1})
	h.done = append(h.done, false)
	h.last = max(h.last, at)
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
		ops = append(ops, op)
	}
	return ops
}
