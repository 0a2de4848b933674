package fake_test

import (
	"os"
	"testing"
	"time"

	"github.com/distlab/distlab/fake"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// ping runs one Ping/Pong exchange and returns the world and the pinger.
func ping(r *kit.Run) (*sim.World, *fake.Echo) {
	w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond}})
	a := &fake.Echo{Peer: 1}
	w.MustAddNode("a", func() sim.Node { return a })
	w.MustAddNode("b", func() sim.Node { return &fake.Echo{Peer: -1} })
	r.Check(w.Run(time.Second))
	return w, a
}

// spinner sends node 0 a message that makes it loop forever.
type spinner struct{}

func (spinner) Start(env sim.Env)                             { env.Send(0, fake.Spin{}) }
func (spinner) Receive(env sim.Env, from sim.NodeID, msg any) {}

// TestPass: every seed passes.
//
//lab:points 5
//lab:part A
func TestPass(t *testing.T) {
	kit.Sweep(t, 4, func(r *kit.Run) {
		_, a := ping(r)
		if a.Got != 1 {
			r.Fatalf("a got %d pongs, want 1", a.Got)
		}
	})
}

// TestOddSeeds: the odd seeds fail.
//
//lab:points 3
//lab:part A
func TestOddSeeds(t *testing.T) {
	kit.Sweep(t, 4, func(r *kit.Run) {
		ping(r)
		if r.Seed%2 == 1 {
			r.Fatalf("odd seeds break the invariant")
		}
	})
}

// TestHang: node code loops forever in a handler.
//
//lab:points 2
//lab:part B
func TestHang(t *testing.T) {
	kit.Sweep(t, 2, func(r *kit.Run) {
		w := r.World(sim.Options{})
		w.MustAddNode("a", func() sim.Node { return &fake.Echo{Peer: -1} })
		w.MustAddNode("b", func() sim.Node { return spinner{} })
		r.Check(w.Run(time.Second))
	})
}

// TestExit: the test binary exits in the middle of the test.
//
//lab:points 2
//lab:part B
func TestExit(t *testing.T) {
	kit.Sweep(t, 1, func(r *kit.Run) {
		ping(r)
		os.Exit(3)
	})
}

// TestSkip skips itself.
//
//lab:points 1
func TestSkip(t *testing.T) {
	t.Skip("not today")
}

// TestUngraded has no points.
func TestUngraded(t *testing.T) {}

// TestSlowSeeds has no points: its seeds take wall time, in parallel, so
// that the test itself reports about 0s while its process takes longer.
func TestSlowSeeds(t *testing.T) {
	kit.Sweep(t, 2, func(r *kit.Run) {
		time.Sleep(400 * time.Millisecond)
		ping(r)
	})
}
