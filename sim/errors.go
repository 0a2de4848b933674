package sim

import (
	"fmt"
	"strings"
	"time"
)

// PanicError is the error of a run in which a handler panicked, or misused
// the simulator (sent to an unknown node, sent a message that cannot cross
// a network, set a negative timer): the panic is caught on the world's
// thread and ends that run only.
type PanicError struct {
	Seed  int64
	Time  time.Duration // virtual time of the panic
	Node  string        // the node whose handler panicked; "-" for a World.At callback
	Event string        // what the handler was handling, e.g. "deliver from s1 (paxos.Prepare)"
	Value any           // what was passed to panic, or the misuse
	Usage bool          // a misuse of the simulator rather than a panic of node code
	// Observer marks a panic while an observer or the trace saw Event,
	// which Node caused: the observer's own, or one of a String method of
	// node code it printed.
	Observer bool
	Stack    string // the stack of the handler, trimmed to the node's frames
}

func (e *PanicError) Error() string {
	what := "panicked"
	if e.Usage {
		what = "misused the simulator"
	}
	var msg string
	if e.Observer {
		msg = fmt.Sprintf("sim: seed %d: an observer panicked at %s on event %s: %s",
			e.Seed, FormatTime(e.Time), e.Event, safeSprint(e.Value))
	} else {
		msg = fmt.Sprintf("sim: seed %d: node %s %s at %s handling %s: %s",
			e.Seed, e.Node, what, FormatTime(e.Time), e.Event, safeSprint(e.Value))
	}
	if e.Stack != "" {
		msg += "\n" + e.Stack
	}
	return msg
}

// Unwrap returns the panic value if it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// LimitError is the error of a run that broke one of its limits (see
// Options): too much virtual time, too many events, too many events at one
// instant, too many sends in one handler, too many events pending. Node
// names the node that caused most of it, when one did.
type LimitError struct {
	Seed   int64
	Time   time.Duration
	Limit  string // which limit: "virtual time", "events", "events at one instant", ...
	Node   string // the runaway node, or ""
	Detail string
}

func (e *LimitError) Error() string {
	node := ""
	if e.Node != "" {
		node = " by node " + e.Node
	}
	return fmt.Sprintf("sim: seed %d: run limit on %s broken%s at %s: %s",
		e.Seed, e.Limit, node, FormatTime(e.Time), e.Detail)
}

// HangError is the error of a run in which a handler (or an observer) did
// not return within Options.HandlerTimeout of wall-clock time: an infinite
// loop, or a wait for something only another handler could provide. (Within
// returns one with an empty Node for code outside any world.) The stuck
// goroutine is abandoned: it stops the moment it calls into its Env, and
// otherwise spins until the process exits. Do not touch the world or its
// nodes after a HangError.
type HangError struct {
	Seed   int64
	Time   time.Duration // virtual time when the handler started
	Node   string
	Event  string        // what the handler was handling
	Waited time.Duration // wall-clock time waited
	Stack  string        // where the handler was when the watchdog looked
}

func (e *HangError) Error() string {
	if e.Node == "" { // from Within: code outside any world
		msg := fmt.Sprintf("sim: %s has not returned after %v of wall time (an infinite loop?)", e.Event, e.Waited.Round(time.Millisecond))
		if e.Stack != "" {
			msg += "\n" + e.Stack
		}
		return msg
	}
	msg := fmt.Sprintf("sim: seed %d: node %s is stuck: its handler for %s at %s has not returned after %v of wall time (an infinite loop, or waiting for something only another handler can do?)",
		e.Seed, e.Node, e.Event, FormatTime(e.Time), e.Waited.Round(time.Millisecond))
	if e.Stack != "" {
		msg += "\n" + e.Stack
	}
	return msg
}

// InvariantError is the error of a run that an observer stopped: the
// observer's error, and the event after which it was raised.
type InvariantError struct {
	Seed  int64
	Time  time.Duration
	Event string // the event: number, node, kind and what it carried
	Err   error
}

func (e *InvariantError) Error() string {
	return fmt.Sprintf("sim: seed %d: at %s: %v\n    after event %s", e.Seed, FormatTime(e.Time), e.Err, e.Event)
}

func (e *InvariantError) Unwrap() error { return e.Err }

// Misuse reports that node code misused a library built on the simulator
// (rpc, say: a call with no timeout): it panics with err, and the run ends
// with a PanicError with Usage set, as for a misuse of Env itself. Call it
// only from code running in a handler.
func Misuse(err error) {
	panic(usageError{err})
}

// usageError is panicked by Env methods (and Misuse) when node code misuses
// them; the event loop turns it into a PanicError with Usage set.
type usageError struct{ err error }

func usagef(format string, args ...any) usageError {
	return usageError{fmt.Errorf("sim: "+format, args...)}
}

// trimStack cuts a goroutine stack down to the frames worth reading: it
// drops the runtime's and the simulator's frames above the handler (the
// panic machinery, Env.Send) and the simulator's frames below it (the event
// loop).
func trimStack(stack []byte) string {
	lines := strings.Split(strings.TrimRight(string(stack), "\n"), "\n")
	if len(lines) < 3 {
		return string(stack)
	}
	header, frames := lines[0], lines[1:]
	var kept []string
	started := false
	for i := 0; i+1 < len(frames); i += 2 {
		fn := frames[i]
		internal := strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "runtime/debug.") ||
			strings.HasPrefix(fn, "panic(") || simInternal(fn)
		if !started {
			if internal {
				continue
			}
			started = true
		}
		if strings.HasPrefix(fn, simPkg+"(*World).") {
			break
		}
		kept = append(kept, fn, frames[i+1])
	}
	if len(kept) == 0 {
		return string(stack)
	}
	return header + "\n" + strings.Join(kept, "\n")
}

const simPkg = "github.com/distlab/distlab/sim."

// simInternal reports whether a stack frame's function is the simulator's
// own machinery rather than node code.
func simInternal(fn string) bool {
	for _, p := range []string{"(*World).", "(*nodeEnv).", "usagef", "Misuse", "copyMessage", "deepCopy", "hashValue", "recopy"} {
		if strings.HasPrefix(fn, simPkg+p) {
			return true
		}
	}
	return false
}

// safeSprint prints v as %v does, or by its type if printing it panics
// (a panic value whose Error method panics).
func safeSprint(v any) (s string) {
	defer func() {
		if recover() != nil {
			s = fmt.Sprintf("a %T whose Error or String method panics", v)
		}
	}()
	return fmt.Sprint(v)
}
