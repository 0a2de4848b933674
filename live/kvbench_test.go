package live_test

import (
	"context"
	"fmt"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/paxos/kvpaxos"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// The key/value benchmarks run one workload on the Paxos key/value
// service: clerks at once, each running operations one after the other,
// a put, an append and a get in turn, on ten keys. Each reports ops/s and
// the p50 and p99 latency of an operation in milliseconds:
// BenchmarkKVPaxosProcesses on three server processes on loopback, in
// real time; BenchmarkKVPaxosSim in the simulator on the lab's LAN (1ms
// latency, 2ms jitter), in virtual time (its ns/op is the cost of
// simulating, its other figures are virtual). BenchmarkKVPaxosRecovery
// measures how long a clerk waits after the server it talks to is killed:
//
//	go test ./live -run '^$' -bench KVPaxos -benchtime 300x -count 3

// kvOp starts operation j of a clerk of the workload.
func kvOp(ck *kvpaxos.Clerk, j int, done func()) {
	key := fmt.Sprintf("k%d", j%10)
	switch j % 3 {
	case 0:
		ck.Put(key, "v", done)
	case 1:
		ck.Append(key, "a", done)
	default:
		ck.Get(key, func(string) { done() })
	}
}

// reportLatencies reports ops/s over elapsed, and the p50 and p99 of lat.
func reportLatencies(b *testing.B, lat []time.Duration, elapsed time.Duration, unit string) {
	slices.Sort(lat)
	at := func(q float64) float64 {
		i := max(0, min(int(float64(len(lat))*q+0.5)-1, len(lat)-1))
		return float64(lat[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), unit)
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// kvProcesses starts three key/value servers as processes of this binary,
// and returns them and a function that starts a client node in this
// process.
func kvProcesses(b *testing.B, clients int) (*procs, func(sim.NodeID, sim.Factory) *live.Node) {
	servers := []sim.NodeID{0, 1, 2}
	ps := &procs{t: b, servers: servers, book: map[sim.NodeID]string{}, dirs: map[sim.NodeID]string{},
		running: map[sim.NodeID]*proc{}}
	lns := map[sim.NodeID]net.Listener{}
	for i := range len(servers) + clients {
		id := sim.NodeID(i)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(b, err)
		lns[id], ps.book[id], ps.dirs[id] = ln, ln.Addr().String(), b.TempDir()
	}
	b.Cleanup(func() {
		for _, p := range ps.running {
			p.cmd.Process.Kill()
			p.stdin.Close()
			<-p.done
		}
	})
	for _, id := range servers {
		ps.start(id, lns[id])
	}
	ctx, cancel := context.WithCancel(context.Background())
	var nodes []*live.Node
	b.Cleanup(func() {
		cancel()
		for _, n := range nodes {
			n.Wait()
		}
	})
	client := func(id sim.NodeID, f sim.Factory) *live.Node {
		n, err := live.Start(ctx, live.Config{ID: id, Peers: ps.book, Listener: lns[id], Dir: ps.dirs[id],
			Seed: int64(id), Factory: f, Log: discard{}})
		require.NoError(b, err)
		nodes = append(nodes, n)
		return n
	}
	return ps, client
}

func BenchmarkKVPaxosProcesses(b *testing.B) {
	for _, clerks := range []int{1, 4} {
		b.Run(fmt.Sprintf("clerks=%d", clerks), func(b *testing.B) {
			_, client := kvProcesses(b, clerks)
			var nodes []*live.Node
			var cks []*clerkNode
			for i := range clerks {
				ck := &clerkNode{servers: []sim.NodeID{0, 1, 2}}
				nodes = append(nodes, client(sim.NodeID(3+i), func() sim.Node { return ck }))
				cks = append(cks, ck)
			}
			// One operation each first: connections are made, a leader
			// is in place.
			for i, n := range nodes {
				kv{t: b, node: n, clerk: cks[i]}.put("warm", "up")
			}
			lats := make([][]time.Duration, clerks)
			done := make(chan struct{}, clerks)
			b.ResetTimer()
			begin := time.Now()
			for i, n := range nodes {
				ops := b.N / clerks
				if i < b.N%clerks {
					ops++
				}
				var step func(j int)
				step = func(j int) {
					if j == ops {
						done <- struct{}{}
						return
					}
					call := time.Now()
					kvOp(cks[i].ck, j, func() {
						lats[i] = append(lats[i], time.Since(call))
						step(j + 1)
					})
				}
				require.NoError(b, n.Do(func(sim.Env) { step(0) }))
			}
			// Each operation gets a second, at most.
			deadline := time.After(bound + time.Duration(b.N)*time.Second)
			for range nodes {
				select {
				case <-done:
				case <-deadline:
					b.Fatal("the clerks did not finish")
				}
			}
			elapsed := time.Since(begin)
			b.StopTimer()
			reportLatencies(b, slices.Concat(lats...), elapsed, "ops/s")
		})
	}
}

func BenchmarkKVPaxosSim(b *testing.B) {
	for _, clerks := range []int{1, 4} {
		b.Run(fmt.Sprintf("clerks=%d", clerks), func(b *testing.B) {
			w, err := sim.New(sim.Options{Seed: 1, MaxTime: 1 << 62,
				Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond}})
			require.NoError(b, err)
			servers := []sim.NodeID{0, 1, 2}
			for range servers {
				w.MustAddNode("", func() sim.Node { return kvpaxos.NewServer(slices.Clone(servers)) })
			}
			var cks []*clerkNode
			for range clerks {
				ck := &clerkNode{servers: slices.Clone(servers)}
				w.MustAddNode("", func() sim.Node { return ck })
				cks = append(cks, ck)
			}
			require.NoError(b, w.Run(0))
			warm := 0
			w.At(w.Now(), func() {
				for _, ck := range cks {
					ck.ck.Put("warm", "up", func() { warm++ })
				}
			})
			ok, err := w.RunUntil(1<<62, func() bool { return warm == clerks })
			require.NoError(b, err)
			require.True(b, ok)

			lats := make([][]time.Duration, clerks)
			finished := 0
			b.ResetTimer()
			begin := w.Now()
			w.At(begin, func() {
				for i, ck := range cks {
					ops := b.N / clerks
					if i < b.N%clerks {
						ops++
					}
					var step func(j int)
					step = func(j int) {
						if j == ops {
							finished++
							return
						}
						call := w.Now()
						kvOp(ck.ck, j, func() {
							lats[i] = append(lats[i], w.Now()-call)
							step(j + 1)
						})
					}
					step(0)
				}
			})
			ok, err = w.RunUntil(1<<62, func() bool { return finished == clerks })
			require.NoError(b, err)
			require.True(b, ok)
			b.StopTimer()
			reportLatencies(b, slices.Concat(lats...), w.Now()-begin, "vops/s")
		})
	}
}

// watchedClerk is a clerk's node that notes which server answered last.
type watchedClerk struct {
	clerkNode
	last sim.NodeID
}

func (c *watchedClerk) Start(env sim.Env) {
	// Registered before the clerk makes its first call, so it sees each
	// reply before rpc takes it.
	sim.HooksOf(env).Intercept(func(from sim.NodeID, msg any) bool {
		if _, ok := msg.(rpc.Response); ok {
			c.last = from
		}
		return false
	})
	c.clerkNode.Start(env)
}

// BenchmarkKVPaxosRecovery kills, with SIGKILL, the server process that
// last answered the clerk, and measures the time from the kill to the
// end of the clerk's next operation (recovery-ms); then it restarts the
// server from its disk, and runs a few operations before the next round.
func BenchmarkKVPaxosRecovery(b *testing.B) {
	ps, client := kvProcesses(b, 1)
	ck := &watchedClerk{clerkNode: clerkNode{servers: []sim.NodeID{0, 1, 2}}}
	k := kv{t: b, node: client(3, func() sim.Node { return ck }), clerk: &ck.clerkNode}
	var total time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		for j := range 5 {
			k.put(fmt.Sprintf("k%d", j), fmt.Sprint(i))
		}
		var last sim.NodeID
		require.NoError(b, k.node.Do(func(sim.Env) { last = ck.last }))
		b.StartTimer()
		ps.kill(last)
		begin := time.Now()
		k.append("k0", ".")
		total += time.Since(begin)
		b.StopTimer()
		ps.start(last, nil)
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(total)/float64(time.Millisecond)/float64(b.N), "recovery-ms")
}
