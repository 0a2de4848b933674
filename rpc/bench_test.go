package rpc_test

import (
	"testing"
	"time"

	"github.com/distlab/distlab/sim"
)

// loopClient keeps a window of calls open to a server, starting a new call
// as each one completes.
type loopClient struct {
	env       sim.Env
	server    sim.NodeID
	completed *uint64
	next      func(TokenReply, error)
}

func (c *loopClient) Start(env sim.Env) {
	c.env = env
	c.next = func(TokenReply, error) {
		*c.completed++
		c.call()
	}
	for range 8 {
		c.call()
	}
}

func (c *loopClient) call() {
	Echo.Call(c.env, c.server, Token{Caller: c.env.ID()}, time.Second, c.next)
}

// BenchmarkRoundTrip measures completed calls: request and reply copied
// and carried over a network with 1-2ms latency, the callback run.
func BenchmarkRoundTrip(b *testing.B) {
	w, err := sim.New(sim.Options{Seed: 1, MaxEvents: 1 << 62,
		Net: sim.NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond}})
	if err != nil {
		b.Fatal(err)
	}
	var completed uint64
	w.AllowShared(&completed) // the benchmark's own counter, which every client adds to
	servers := 4
	for range servers {
		w.MustAddNode("", func() sim.Node { return &server{} })
	}
	for i := range 16 {
		s := sim.NodeID(i % servers)
		w.MustAddNode("", func() sim.Node { return &loopClient{server: s, completed: &completed} })
	}
	b.ReportAllocs()
	b.ResetTimer()
	for completed < uint64(b.N) {
		if err := w.RunFor(10 * time.Millisecond); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(completed)/b.Elapsed().Seconds(), "calls/s")
}
