package live_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/sim"
)

// BenchmarkRoundTrip measures sequential Echo calls between two live nodes
// over loopback TCP, each call started when the previous one's reply came
// back; BenchmarkRoundTripSim is the same calls in a simulated world (with
// a virtual latency of 1ms, which costs no wall time), its baseline in the
// same run:
//
//	go test ./live -run '^$' -bench RoundTrip -benchtime 2s -count 3
func BenchmarkRoundTrip(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	book := map[sim.NodeID]string{}
	var lns []net.Listener
	for id := range sim.NodeID(2) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(b, err)
		lns = append(lns, ln)
		book[id] = ln.Addr().String()
	}
	var nodes []*live.Node
	for id, f := range []sim.Factory{func() sim.Node { return echoServer{} }, func() sim.Node { return idle{} }} {
		n, err := live.Start(ctx, live.Config{ID: sim.NodeID(id), Peers: book, Listener: lns[id],
			Dir: b.TempDir(), Factory: f, Log: discard{}})
		require.NoError(b, err)
		nodes = append(nodes, n)
	}
	done := make(chan error, 1)
	var loop func(env sim.Env, left int)
	loop = func(env sim.Env, left int) {
		if left == 0 {
			done <- nil
			return
		}
		echo.Call(env, 0, EchoArgs{Text: "x"}, time.Second, func(_ EchoReply, err error) {
			if err != nil {
				done <- err
				return
			}
			loop(env, left-1)
		})
	}
	b.ResetTimer()
	require.NoError(b, nodes[1].Do(func(env sim.Env) { loop(env, b.N) }))
	require.NoError(b, <-done)
	b.StopTimer()
	cancel()
	for _, n := range nodes {
		require.NoError(b, n.Wait())
	}
}

func BenchmarkRoundTripSim(b *testing.B) {
	w, err := sim.New(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond}, MaxTime: 1 << 62})
	require.NoError(b, err)
	w.MustAddNode("server", func() sim.Node { return echoServer{} })
	var env sim.Env
	w.MustAddNode("client", func() sim.Node { return envKeeper{&env} })
	require.NoError(b, w.Run(0))
	left, finished := b.N, false
	var loop func()
	loop = func() {
		if left == 0 {
			finished = true
			return
		}
		left--
		echo.Call(env, 0, EchoArgs{Text: "x"}, time.Second, func(_ EchoReply, err error) {
			if err != nil {
				b.Error(err)
				finished = true
				return
			}
			loop()
		})
	}
	b.ResetTimer()
	w.At(w.Now(), loop)
	ok, err := w.RunUntil(1<<62, func() bool { return finished })
	require.NoError(b, err)
	require.True(b, ok)
}

// envKeeper is a node that hands its Env to the benchmark.
type envKeeper struct{ env *sim.Env }

func (k envKeeper) Start(env sim.Env) { *k.env = env }

// discard is a log that keeps nothing.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkStoragePut measures one Put to a live node's storage: a bbolt
// transaction, committed with fsync before Put returns. The key/value
// servers make several per operation, on their event loop.
//
//	go test ./live -run '^$' -bench StoragePut -benchtime 2s -count 3
func BenchmarkStoragePut(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, err := live.Start(ctx, live.Config{ID: 0, Peers: map[sim.NodeID]string{0: "127.0.0.1:0"}, Dir: b.TempDir(),
		Factory: func() sim.Node { return idle{} }, Log: discard{}})
	require.NoError(b, err)
	value := make([]byte, 100)
	b.ResetTimer()
	require.NoError(b, n.Do(func(env sim.Env) {
		for i := range b.N {
			env.Storage().Put(fmt.Sprintf("k%d", i%100), value)
		}
	}))
	b.StopTimer()
	cancel()
	require.NoError(b, n.Wait())
}
