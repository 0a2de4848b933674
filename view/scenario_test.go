package view_test

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/distlab/distlab/sim"
	"github.com/distlab/distlab/view"
)

// A small run with every kind of mark the page draws: three counters that
// gossip their counts over a lossy, duplicating network, a partition, a
// crash and restart, a pause, custom events, and an invariant that breaks.

type Gossip struct{ N int }

type Reached struct{ N int }

type counter struct {
	env   sim.Env
	peers []sim.NodeID
	count int
	seen  map[sim.NodeID]int
	log   []string
}

func (c *counter) Start(env sim.Env) {
	c.env = env
	c.seen = map[sim.NodeID]int{}
	if b, ok := env.Storage().Get("count"); ok {
		fmt.Sscan(string(b), &c.count)
	}
	env.After(5*time.Millisecond, c.tick)
}

func (c *counter) tick() {
	c.count++
	c.env.Storage().Put("count", []byte(fmt.Sprint(c.count)))
	if c.count%5 == 0 {
		c.env.Emit(Reached{N: c.count})
	}
	for _, p := range c.peers {
		if p != c.env.ID() {
			c.env.Send(p, Gossip{N: c.count})
		}
	}
	c.env.After(10*time.Millisecond, c.tick)
}

func (c *counter) Receive(env sim.Env, from sim.NodeID, msg any) {
	if g, ok := msg.(Gossip); ok {
		c.seen[from] = g.N
		if len(c.log) < 3 {
			c.log = append(c.log, fmt.Sprintf("%d from %v", g.N, from))
		}
	}
}

// scenario runs the gossip world of seed and returns its trace; the
// invariant "no counter reaches 15" breaks.
func scenario(seed int64) (*view.Trace, error) {
	w, err := sim.New(sim.Options{Seed: seed, Net: sim.NetConfig{
		Latency: time.Millisecond, Jitter: 4 * time.Millisecond, Loss: 0.1, Duplicate: 0.1}})
	if err != nil {
		return nil, err
	}
	c := view.Record(w)
	peers := []sim.NodeID{0, 1, 2}
	for _, name := range []string{"a", "b", "c"} {
		w.MustAddNode(name, func() sim.Node { return &counter{peers: slices.Clone(peers)} })
	}
	w.Observe(func(ev sim.Event) error {
		if r, ok := ev.Msg.(Reached); ok && r.N >= 15 {
			return errors.New("counter reached 15")
		}
		return nil
	})
	w.At(30*time.Millisecond, func() { w.Partition([]sim.NodeID{0}, []sim.NodeID{1, 2}) })
	w.At(60*time.Millisecond, func() { w.Heal() })
	w.At(70*time.Millisecond, func() { w.Crash(2) })
	w.At(90*time.Millisecond, func() { w.Restart(2) })
	w.At(100*time.Millisecond, func() { w.Pause(1) })
	w.At(115*time.Millisecond, func() { w.Resume(1) })
	runErr := w.Run(time.Second)
	t := &view.Trace{Version: view.Version, Test: "TestGossip/seed=" + fmt.Sprint(seed), Seed: seed, Worlds: []view.World{c.Finish()}}
	if runErr != nil {
		t.Failure = runErr.Error()
	}
	return t, nil
}
