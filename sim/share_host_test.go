package sim_test

import (
	"errors"
	"testing"
	"time"

	"github.com/distlab/distlab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// harness is what a lab harness keeps: every host points to it, to record
// what its node does.
type harness struct{ starts []string }

// host is a test host around a node of the code under test.
type host struct {
	h     *harness
	state []int // node code's state (of a type no test package declares)
}

func (x *host) Start(env sim.Env) {
	x.h.starts = append(x.h.starts, env.Name())
	x.state[0]++
}

func (x *host) Receive(sim.Env, sim.NodeID, any) {}

// TestHostsMayShareTheirHarness: hosts declared in a test package may all
// point to the harness, but what their nodes hold must still be their own.
func TestHostsMayShareTheirHarness(t *testing.T) {
	h := &harness{}
	w, err := sim.New(sim.Options{})
	require.NoError(t, err)
	for _, name := range []string{"a", "b"} {
		w.MustAddNode(name, func() sim.Node { return &host{h: h, state: make([]int, 1)} })
	}
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []string{"a", "b"}, h.starts)

	shared := make([]int, 1)
	w, err = sim.New(sim.Options{})
	require.NoError(t, err)
	for _, name := range []string{"a", "b"} {
		w.MustAddNode(name, func() sim.Node { return &host{h: h, state: shared} })
	}
	err = w.Run(time.Second)
	var serr *sim.SharedMemoryError
	require.True(t, errors.As(err, &serr), "%v", err)
	assert.Equal(t, [2]string{"a.(*sim_test.host).state", "b.(*sim_test.host).state"}, serr.Paths)
	assert.Equal(t, [2]string{"[]int", "[]int"}, serr.Types)
}
