package live_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/sim"
)

var soak = flag.Duration("live.soak", 2*time.Second,
	"how long TestKVPaxosProcessesUnderFaults injects faults (a longer soak: -live.soak=1m)")

// TestKVPaxosProcessesUnderFaults runs the Paxos key/value servers as
// processes and three clerks in this process, every link between two of
// these nodes through a proxy, the clerks putting, appending and getting on two shared keys at once for
// -live.soak, while one fault after another hits the servers: a server
// killed with SIGKILL and restarted from its disk, or a clerk and the
// server it talks to cut off from the others, so that the clerk can reach
// that server only; each for 300ms and then mended, one at a time, so
// that a majority is always up. The history must be linearizable (porcupine, on
// wall-clock times), and some gets must have read values.
func TestKVPaxosProcessesUnderFaults(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	const clerks = 3
	ps, lns, proxies := startProxied(t, "", clerks, 0, 1, 2, 3, 4, 5)
	ctx, cancel := context.WithCancel(context.Background())
	var nodes []*live.Node
	defer func() {
		cancel()
		for _, n := range nodes {
			require.NoError(t, waitStopped(t, n))
		}
	}()

	start := time.Now()
	var mu sync.Mutex
	var ops []porcupine.Operation
	var stop atomic.Bool
	finished := make(chan struct{}, clerks)
	var watched []*watchedClerk
	for i := range clerks {
		id := sim.NodeID(3 + i)
		w := &watchedClerk{clerkNode: clerkNode{servers: []sim.NodeID{0, 1, 2}}}
		ck := &w.clerkNode
		watched = append(watched, w)
		n, err := live.Start(ctx, live.Config{ID: id, Peers: ps.books[id], Listener: lns[id], Dir: ps.dirs[id],
			Seed: int64(id), Factory: func() sim.Node { return w }, Log: discard{}})
		require.NoError(t, err)
		nodes = append(nodes, n)
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		record := func(in kit.KVInput, call time.Time, out kit.KVOutput) {
			mu.Lock()
			ops = append(ops, porcupine.Operation{ClientId: i, Input: in, Output: out,
				Call: int64(call.Sub(start)), Return: int64(time.Since(start))})
			mu.Unlock()
		}
		var step, next func(j int)
		var env sim.Env
		// A pause of up to 20ms between operations spreads each clerk's
		// operations over the faults.
		next = func(j int) { env.After(time.Duration(rng.IntN(20))*time.Millisecond, func() { step(j) }) }
		step = func(j int) {
			if stop.Load() {
				finished <- struct{}{}
				return
			}
			in := kit.KVInput{Key: fmt.Sprintf("k%d", rng.IntN(2))}
			call := time.Now()
			switch rng.IntN(3) {
			case 0:
				in.Op, in.Value = kit.Put, fmt.Sprintf("c%d.%d ", i, j)
				ck.ck.Put(in.Key, in.Value, func() { record(in, call, kit.KVOutput{}); next(j + 1) })
			case 1:
				in.Op, in.Value = kit.Append, fmt.Sprintf("c%d.%d ", i, j)
				ck.ck.Append(in.Key, in.Value, func() { record(in, call, kit.KVOutput{}); next(j + 1) })
			default:
				in.Op = kit.Get
				ck.ck.Get(in.Key, func(v string) { record(in, call, kit.KVOutput{Value: v}); next(j + 1) })
			}
		}
		require.NoError(t, n.Do(func(e sim.Env) { env = e; step(0) }))
	}

	// One fault at a time: a kill of each server in turn, then a cut that
	// leaves a clerk, each in turn, on its own with the server it talks
	// to (the one that answered it last), which it can reach only.
	const hold = 300 * time.Millisecond
	end := time.Now().Add(*soak)
	faults := 0
	for round := 0; time.Now().Before(end); round++ {
		if round%2 == 0 {
			id := sim.NodeID(round / 2 % 3)
			ps.kill(id)
			time.Sleep(hold)
			ps.start(id, nil)
		} else {
			c := round / 2 % clerks
			var server sim.NodeID
			require.NoError(t, nodes[c].Do(func(sim.Env) { server = watched[c].last }))
			alone := []sim.NodeID{server, sim.NodeID(3 + c)}
			for link, p := range proxies {
				if slices.Contains(alone, link[0]) != slices.Contains(alone, link[1]) {
					p.Cut()
				}
			}
			time.Sleep(hold)
			for _, p := range proxies {
				p.Heal()
			}
		}
		faults++
		time.Sleep(hold)
	}
	stop.Store(true)
	deadline := time.After(15 * time.Second)
	for range clerks {
		select {
		case <-finished:
		case <-deadline:
			t.Fatal("the clerks' last operations did not complete")
		}
	}
	ps.stopAll()

	mu.Lock()
	history := slices.Clone(ops)
	mu.Unlock()
	read := 0
	for _, op := range history {
		if op.Output.(kit.KVOutput).Value != "" {
			read++
		}
	}
	t.Logf("%d operations, %d gets that read a value, %d faults", len(history), read, faults)
	require.GreaterOrEqual(t, faults, 2, "no kill and no cut")
	require.NotZero(t, read, "no get read a value: the history checks nothing")
	require.Equal(t, porcupine.Ok, porcupine.CheckOperationsTimeout(kit.KVModel, history, time.Minute),
		"the history is not linearizable")
}
