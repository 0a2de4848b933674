package sim

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Env is everything a node can do and know: its identity, the virtual
// clock, sending messages, timers, its random stream, its durable storage,
// and reporting to observers. Each incarnation of a node gets its own Env;
// once the node crashes, calls on the old Env do nothing.
type Env interface {
	// ID returns this node's id.
	ID() NodeID
	// Name returns this node's name, as traces print it.
	Name() string
	// Incarnation returns 1 on the node's first boot and one more on every
	// restart, so that ids a node makes up can be told apart from those of
	// its earlier lives.
	Incarnation() uint64
	// Now returns the virtual time since the start of the run.
	Now() time.Duration
	// Send sends a copy of msg to node to. The network may delay, lose,
	// duplicate or reorder it. msg must be able to cross a real network:
	// exported fields only, no funcs or channels; otherwise the run fails
	// with an error naming the type and field.
	Send(to NodeID, msg any)
	// After calls fn after virtual duration d, on the world's thread, unless
	// the returned Timer is stopped first or the node crashes.
	After(d time.Duration, fn func()) Timer
	// Rand returns this incarnation's random stream, derived from the
	// world's seed, the node and the incarnation.
	Rand() *rand.Rand
	// Storage returns the node's durable storage, which outlives crashes.
	Storage() Storage
	// Emit reports v to the world's observers as a KindCustom event, for
	// tests to check (a new leader, a decided value).
	Emit(v any)
	// Logf writes a line to the trace, when the world records one.
	Logf(format string, args ...any)
}

// nodeEnv is the Env of one incarnation of one node.
type nodeEnv struct {
	w         *World
	n         *node
	inc       uint32
	rng       *rand.Rand
	intercept []func(from NodeID, msg any) bool
	values    map[any]any
}

// live reports whether this incarnation is still the node's current one
// and up. A handler of an abandoned run (see HangError) is stopped here the
// moment it calls into its Env.
func (e *nodeEnv) live() bool {
	e.w.checkAbandoned()
	return e.n.up && e.n.inc == e.inc
}

func (e *nodeEnv) ID() NodeID          { return e.n.id }
func (e *nodeEnv) Name() string        { return e.n.name }
func (e *nodeEnv) Incarnation() uint64 { return uint64(e.inc) }
func (e *nodeEnv) Now() time.Duration  { return e.w.now }

func (e *nodeEnv) After(d time.Duration, fn func()) Timer {
	if !e.live() {
		return Timer{}
	}
	if d < 0 {
		panic(usagef("timer delay %v is negative", d))
	}
	if fn == nil {
		panic(usagef("timer with a nil func"))
	}
	return e.w.addTimer(e.w.now+d, e.n.id, e.inc, fn)
}

func (e *nodeEnv) Rand() *rand.Rand {
	if e.rng == nil {
		e.rng = rand.New(newPCG(e.w.seed, streamNode, uint64(e.n.id), uint64(e.inc)))
	}
	return e.rng
}

func (e *nodeEnv) Storage() Storage {
	if !e.live() {
		return deadStorage{}
	}
	return e.n.store
}

func (e *nodeEnv) Emit(v any) {
	if !e.live() {
		return
	}
	e.w.report(KindCustom, e.n.id, NoNode, v, customHash(v), "")
}

func (e *nodeEnv) Logf(format string, args ...any) {
	if !e.live() || e.w.opts.Trace == nil {
		return
	}
	e.w.trace(Event{Index: e.w.index, Time: e.w.now, Kind: KindLog, Node: e.n.id, Peer: NoNode,
		Detail: fmt.Sprintf(format, args...)})
}

// Hooks is what a library that runs inside nodes needs from a node's
// runtime beyond Env: a look at each message before the node's Receive, and
// state of its own for the incarnation. rpc is such a library: it takes its
// requests and replies off the wire with Intercept and keeps a node's
// handlers and pending calls with SetValue. Node code does not use Hooks.
//
// Hooks are a separate interface so that Env shows node code only what it
// calls. Every Env that supports libraries implements Hooks too, on the
// same value (the simulator's does; so must a runtime over a real network),
// and libraries reach them with HooksOf. Like the rest of an Env, hooks
// belong to one incarnation: a restarted node starts with no interceptors
// and no values.
type Hooks interface {
	// Intercept registers fn to see each message delivered to this
	// incarnation before the node's Receive does, in the order the
	// interceptors were registered; the first one that returns true
	// consumes the message. A nil fn is ignored.
	Intercept(fn func(from NodeID, msg any) bool)
	// Value returns what SetValue stored under key in this incarnation,
	// or nil.
	Value(key any) any
	// SetValue stores v under key for this incarnation. Keys are compared
	// as map keys; a library uses a key of an unexported type of its own,
	// so that no other code can reach its value.
	SetValue(key, v any)
}

// HooksOf returns the Hooks of env. A library calls it from node code,
// in a handler; an Env that does not implement Hooks is a misuse that ends
// the run.
func HooksOf(env Env) Hooks {
	h, ok := env.(Hooks)
	if !ok {
		panic(usagef("HooksOf: the Env %T does not implement sim.Hooks", env))
	}
	return h
}

func (e *nodeEnv) Intercept(fn func(from NodeID, msg any) bool) {
	if e.live() && fn != nil {
		e.intercept = append(e.intercept, fn)
	}
}

func (e *nodeEnv) Value(key any) any { return e.values[key] }

func (e *nodeEnv) SetValue(key, v any) {
	if e.values == nil {
		e.values = map[any]any{}
	}
	e.values[key] = v
}
