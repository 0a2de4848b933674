package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// This file holds the node types and helpers the tests share.
//
// Code that runs inside a world (node handlers, World.At callbacks,
// observers) runs on the world's goroutine, not the test's: it checks with
// assert, never with require, whose t.FailNow must run on the test's
// goroutine.

// fnNode is a node made of closures, for tests that need a one-off
// behavior. A nil func does nothing.
type fnNode struct {
	start func(env Env)
	recv  func(env Env, from NodeID, msg any)
}

func (n *fnNode) Start(env Env) {
	if n.start != nil {
		n.start(env)
	}
}

func (n *fnNode) Receive(env Env, from NodeID, msg any) {
	if n.recv != nil {
		n.recv(env, from, msg)
	}
}

// starter returns a factory of nodes that run start on boot and ignore
// messages.
func starter(start func(env Env)) Factory {
	return func() Node { return &fnNode{start: start} }
}

// receiver returns a factory of nodes that do nothing on boot and run recv
// for every message.
func receiver(recv func(env Env, from NodeID, msg any)) Factory {
	return func() Node { return &fnNode{recv: recv} }
}

// idle is a factory of nodes that do nothing.
func idle() Node { return &fnNode{} }

// arrival is one message as a sink saw it.
type arrival struct {
	At   time.Duration
	From NodeID
	Msg  any
}

// sink is a node that records every message it receives.
type sink struct {
	env Env
	got []arrival
}

func (s *sink) Start(env Env) { s.env = env }

func (s *sink) Receive(env Env, from NodeID, msg any) {
	s.got = append(s.got, arrival{At: env.Now(), From: from, Msg: msg})
}

// num is a small value message.
type num struct{ N int }

// tagged is a value message naming its sender's sequence.
type tagged struct {
	From NodeID
	Seq  int
}

// newWorld returns a world made from opts, failing the test on error.
func newWorld(t testing.TB, opts Options) *World {
	t.Helper()
	w, err := New(opts)
	require.NoError(t, err)
	return w
}

// addNode adds a node, failing the test on error.
func addNode(t testing.TB, w *World, name string, f Factory) NodeID {
	t.Helper()
	id, err := w.AddNode(name, f)
	require.NoError(t, err)
	return id
}

// addSink adds a sink node and returns its id and the sink (the instance
// of its first incarnation).
func addSink(t testing.TB, w *World, name string) (NodeID, *sink) {
	t.Helper()
	s := &sink{}
	first := true
	id := addNode(t, w, name, func() Node {
		if first {
			first = false
			return s
		}
		return &sink{}
	})
	return id, s
}

// record observes w and returns the events it reports from now on.
func record(w *World) *[]Event {
	var evs []Event
	w.Observe(func(ev Event) error {
		evs = append(evs, ev)
		return nil
	})
	return &evs
}

// ofKind returns the events of kind k.
func ofKind(evs []Event, k Kind) []Event {
	var out []Event
	for _, ev := range evs {
		if ev.Kind == k {
			out = append(out, ev)
		}
	}
	return out
}

// kinds returns the kinds of evs, in order.
func kinds(evs []Event) []Kind {
	out := make([]Kind, len(evs))
	for i, ev := range evs {
		out[i] = ev.Kind
	}
	return out
}

// sendAt schedules a send of msg from -> to at virtual time t, through
// the sending node's current Env, from test code.
func sendAt(w *World, t time.Duration, from, to NodeID, msg any) {
	w.At(t, func() {
		if env := w.nodes[from].env; env != nil {
			env.Send(to, msg)
		}
	})
}

// envOf returns the Env of the running incarnation of node id.
func envOf(w *World, id NodeID) Env { return w.nodes[id].env }
