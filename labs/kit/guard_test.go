package kit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/distlab/distlab/sim"
)

func TestWithinReturns(t *testing.T) {
	r := &Run{t: t, Seed: 1, s: settings{seed: -1, hang: time.Second}}
	called := false
	r.Within("a quick call", func() { called = true })
	assert.True(t, called)
}

func TestCheckDeterminismCountsTheFirstRun(t *testing.T) {
	r := &Run{t: t, Seed: 4, s: settings{seed: -1}}
	runs := 0
	fp := r.CheckDeterminism(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond}}, func(w *sim.World) error {
		runs++
		w.MustAddNode("a", func() sim.Node { return &echo{} })
		w.MustAddNode("b", func() sim.Node { return &echo{} })
		return w.Run(time.Second)
	})
	assert.Equal(t, 2, runs)
	assert.NotZero(t, fp)
	if assert.Len(t, r.worlds, 1) {
		assert.Equal(t, fp, r.worlds[0].Fingerprint())
		assert.Equal(t, int64(4), r.worlds[0].Seed())
	}
}

// echo sends one message to the other node at start and answers each
// message it gets, ten times.
type echo struct{ n int }

func (e *echo) Start(env sim.Env) { env.Send(1-env.ID(), e.n) }
func (e *echo) Receive(env sim.Env, from sim.NodeID, msg any) {
	if e.n++; e.n < 10 {
		env.Send(from, e.n)
	}
}
