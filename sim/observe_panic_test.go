package sim

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bomb is a panic value whose Error method panics too: fmt, printing it
// after a String method panicked with it, gives up and panics again.
type bomb struct{}

func (bomb) Error() string { panic(bomb{}) }

// fuse is a message whose String method panics with a bomb.
type fuse struct{ N int }

func (fuse) String() string { panic(bomb{}) }

// TestNodeCannotRecoverObserverPanic: a panic while an observer or the
// trace looks at an event ends the run with a PanicError, even when the
// node code whose Send, Emit or Logf caused the event recovers every
// panic around it. Otherwise a node could swallow an invariant failure:
// the observer's error, built by printing the message, never returned.
func TestNodeCannotRecoverObserverPanic(t *testing.T) {
	cases := []struct {
		name    string
		opts    Options
		observe Observer
		act     func(env Env)
	}{
		{"observer prints the message", Options{}, func(ev Event) error {
			if ev.Kind == KindSend {
				return fmt.Errorf("saw %v", ev.Msg)
			}
			return nil
		}, func(env Env) { env.Send(1, fuse{N: 1}) }},
		{"observer panics", Options{}, func(ev Event) error {
			if ev.Kind == KindCustom {
				panic("observer: broken invariant")
			}
			return nil
		}, func(env Env) { env.Emit(num{N: 7}) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, tc.opts)
			w.Observe(tc.observe)
			var after int // what the node did after the event
			addNode(t, w, "a", starter(func(env Env) {
				env.After(time.Millisecond, func() {
					func() {
						defer func() { _ = recover() }()
						tc.act(env)
					}()
					after++
					env.Send(1, num{N: 99})
				})
			}))
			addSink(t, w, "b")
			err := w.Run(time.Second)
			var pe *PanicError
			require.ErrorAs(t, err, &pe, "the run must end with the panic, whatever the node recovers")
			assert.True(t, pe.Observer)
			assert.Equal(t, "a", pe.Node)
			assert.Equal(t, time.Millisecond, pe.Time)
			msg := err.Error() // must not panic itself
			assert.Contains(t, msg, "an observer panicked at 0.001000s on event #")
			if tc.name == "observer panics" {
				assert.Contains(t, msg, "observer: broken invariant")
				assert.Contains(t, pe.Stack, "TestNodeCannotRecoverObserverPanic")
			} else {
				assert.Contains(t, msg, "sim.fuse") // the event, described by its type
				assert.Contains(t, msg, "a sim.bomb whose Error or String method panics")
			}
			assert.Equal(t, 1, after, "the handler runs to its end, but the run stops after it")
		})
	}
}

// TestPanicErrorOfAPanickingValue: a node that panics with a value whose
// Error method panics fails its run with an error that prints.
func TestPanicErrorOfAPanickingValue(t *testing.T) {
	w := newWorld(t, Options{})
	addNode(t, w, "a", starter(func(env Env) { panic(bomb{}) }))
	err := w.Run(time.Second)
	var pe *PanicError
	require.True(t, errors.As(err, &pe))
	assert.False(t, pe.Observer)
	assert.Contains(t, err.Error(), "node a panicked at 0.000000s handling start: a sim.bomb whose Error or String method panics")
}

// TestTraceOfAPanickingMessage: the trace shows a message whose String
// method panics by its type, and the run goes on.
func TestTraceOfAPanickingMessage(t *testing.T) {
	var trace strings.Builder
	w := newWorld(t, Options{Trace: &trace})
	addNode(t, w, "a", starter(func(env Env) { env.Emit(fuse{N: 2}) }))
	require.NoError(t, w.Run(time.Second))
	assert.Contains(t, trace.String(), "custom    sim.fuse\n")
}
