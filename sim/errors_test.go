package sim

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFinishedWorldDoesNotRun(t *testing.T) {
	w := newWorld(t, Options{})
	addNode(t, w, "a", idle)
	cause := w.Crash(7)
	require.Error(t, cause)
	for name, run := range map[string]func() error{
		"Run":      func() error { return w.Run(time.Second) },
		"RunFor":   func() error { return w.RunFor(time.Second) },
		"RunUntil": func() error { _, err := w.RunUntil(time.Second, func() bool { return false }); return err },
	} {
		err := run()
		assert.ErrorIs(t, err, errFinished, name)
		assert.ErrorIs(t, err, cause, name)
		assert.Contains(t, err.Error(), "finished", name)
		assert.Contains(t, err.Error(), cause.Error(), name)
	}
	assert.Equal(t, time.Duration(0), w.Now(), "nothing ran")
	assert.Equal(t, cause, w.Err(), "the first error is kept")
}

func TestRunErrors(t *testing.T) {
	cases := []struct {
		name string
		op   func(w *World) error
		want string
	}{
		{"Run before now", func(w *World) error { return w.Run(time.Millisecond) }, "Run(1ms) is before the current time 5ms"},
		{"RunFor negative", func(w *World) error { return w.RunFor(-time.Second) }, "RunFor(-1s) is negative"},
		{"RunUntil before now", func(w *World) error {
			_, err := w.RunUntil(time.Millisecond, func() bool { return true })
			return err
		}, "RunUntil(1ms) is before the current time 5ms"},
		{"RunUntil nil condition", func(w *World) error { _, err := w.RunUntil(time.Second, nil); return err }, "nil condition"},
		{"At in the past", func(w *World) error {
			tm := w.At(time.Millisecond, func() {})
			assert.Equal(t, Timer{}, tm)
			return w.Err()
		}, "At(1ms) is in the past (now 5ms)"},
		{"At nil func", func(w *World) error { w.At(time.Second, nil); return w.Err() }, "nil func"},
		{"After negative", func(w *World) error { w.After(-time.Millisecond, func() {}); return w.Err() }, "After(-1ms) is negative"},
		{"AddNode nil factory", func(w *World) error { _, err := w.AddNode("x", nil); return err }, `AddNode("x") with a nil factory`},
		{"AddNode duplicate name", func(w *World) error { _, err := w.AddNode("a", idle); return err }, `two nodes named "a"`},
		{"AddNode duplicate default name", func(w *World) error {
			_, err := w.AddNode("n3", idle) // node 2
			require.NoError(t, err)
			_, err = w.AddNode("", idle) // node 3, by default "n3"
			return err
		}, `two nodes named "n3"`},
		{"AddNode factory returns nil", func(w *World) error {
			_, err := w.AddNode("nil", func() Node { return nil })
			return err
		}, `factory of node "nil" returned nil`},
		{"Run from inside the run", func(w *World) error {
			var inner error
			w.At(6*time.Millisecond, func() { inner = w.Run(time.Second) })
			err := w.Run(time.Second)
			assert.Equal(t, inner, err)
			return err
		}, "Run called while the world is running"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, Options{})
			addNode(t, w, "a", idle)
			addNode(t, w, "", idle)
			require.NoError(t, w.Run(5*time.Millisecond))
			err := tc.op(w)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.ErrorIs(t, w.Run(time.Hour), err, "the error finished the world")
			assert.Len(t, w.Nodes(), 2+boolInt(tc.name == "AddNode duplicate default name"), "no node was added")
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestBadOptions(t *testing.T) {
	cases := []struct {
		name string
		opts Options
		want string
	}{
		{"negative MaxTime", Options{MaxTime: -1}, "MaxTime -1ns is negative"},
		{"negative MaxInstantEvents", Options{MaxInstantEvents: -5}, "MaxInstantEvents -5 is negative"},
		{"negative MaxSendsPerHandler", Options{MaxSendsPerHandler: -1}, "MaxSendsPerHandler -1 is negative"},
		{"negative MaxPending", Options{MaxPending: -1}, "MaxPending -1 is negative"},
		{"bad network", Options{Net: NetConfig{Loss: 2}}, "loss rate 2 is outside [0,1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, err := New(tc.opts)
			assert.Nil(t, w)
			assert.EqualError(t, err, "sim: "+tc.want)
		})
	}
	w, err := New(Options{HandlerTimeout: -1})
	require.NoError(t, err, "a negative HandlerTimeout turns the watchdog off")
	assert.Equal(t, time.Duration(-1), w.opts.HandlerTimeout)
}

func TestMustAddNodePanics(t *testing.T) {
	w := newWorld(t, Options{})
	w.MustAddNode("a", idle)
	assert.PanicsWithError(t, `sim: two nodes named "a"`, func() { w.MustAddNode("a", idle) })
}

func TestErrorTexts(t *testing.T) {
	perr := &PanicError{Seed: 5, Time: 1500 * time.Microsecond, Node: "s1", Event: "timer", Value: "x", Stack: "goroutine 1 [running]:\nf()"}
	assert.Equal(t, "sim: seed 5: node s1 panicked at 0.001500s handling timer: x\ngoroutine 1 [running]:\nf()", perr.Error())
	perr.Usage, perr.Stack = true, ""
	assert.Equal(t, "sim: seed 5: node s1 misused the simulator at 0.001500s handling timer: x", perr.Error())
	assert.Nil(t, perr.Unwrap(), "a string value is not an error")

	lerr := &LimitError{Seed: 1, Time: time.Second, Limit: "events", Detail: "too many"}
	assert.Equal(t, "sim: seed 1: run limit on events broken at 1.000000s: too many", lerr.Error())

	herr := &HangError{Seed: 2, Time: 0, Node: "n", Event: "start", Waited: 1234567 * time.Microsecond}
	assert.Equal(t, "sim: seed 2: node n is stuck: its handler for start at 0.000000s has not returned after 1.235s of wall time (an infinite loop, or waiting for something only another handler can do?)", herr.Error())

	base := errors.New("broken")
	ierr := &InvariantError{Seed: 3, Time: 2 * time.Second, Event: "E", Err: base}
	assert.Equal(t, "sim: seed 3: at 2.000000s: broken\n    after event E", ierr.Error())
	assert.ErrorIs(t, ierr, base)
}

func TestKindNames(t *testing.T) {
	for k := KindStart; k <= KindWorld; k++ {
		name := k.String()
		assert.NotContains(t, name, "kind(")
		back, err := ParseKind(name)
		require.NoError(t, err)
		assert.Equal(t, k, back)
	}
	assert.Equal(t, "kind(0)", Kind(0).String())
	assert.Equal(t, "kind(200)", Kind(200).String())
	_, err := ParseKind("sned")
	assert.ErrorContains(t, err, `unknown event kind "sned"`)
	_, err = ParseKind("")
	assert.Error(t, err)
}

func TestFormatTime(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                           "0.000000s",
		time.Microsecond:            "0.000001s",
		999:                         "0.000000s",
		1500 * time.Millisecond:     "1.500000s",
		-2500 * time.Microsecond:    "-0.002500s",
		time.Hour + time.Nanosecond: "3600.000000s",
	} {
		assert.Equal(t, want, FormatTime(d), "%d", d)
	}
}
