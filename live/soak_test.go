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
// processes, every link between two of them through a proxy, with three
// clerks putting, appending and getting on two shared keys at once for
// -live.soak, while one fault after another hits the servers: a server
// killed with SIGKILL and restarted from its disk, a server cut off from
// the others and mended, each for 300ms, one at a time, so that a
// majority is always up. The history must be linearizable (porcupine, on
// wall-clock times), and some gets must have read values.
func TestKVPaxosProcessesUnderFaults(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	const clerks = 3
	ps, lns, proxies := startProxied(t, "", clerks)
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
	for i := range clerks {
		id := sim.NodeID(3 + i)
		ck := &clerkNode{servers: []sim.NodeID{0, 1, 2}}
		n, err := live.Start(ctx, live.Config{ID: id, Peers: ps.book, Listener: lns[id], Dir: ps.dirs[id],
			Seed: int64(id), Factory: func() sim.Node { return ck }, Log: discard{}})
		require.NoError(t, err)
		nodes = append(nodes, n)
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		record := func(in kit.KVInput, call time.Time, out kit.KVOutput) {
			mu.Lock()
			ops = append(ops, porcupine.Operation{ClientId: i, Input: in, Output: out,
				Call: int64(call.Sub(start)), Return: int64(time.Since(start))})
			mu.Unlock()
		}
		var step func(j int)
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
				ck.ck.Put(in.Key, in.Value, func() { record(in, call, kit.KVOutput{}); step(j + 1) })
			case 1:
				in.Op, in.Value = kit.Append, fmt.Sprintf("c%d.%d ", i, j)
				ck.ck.Append(in.Key, in.Value, func() { record(in, call, kit.KVOutput{}); step(j + 1) })
			default:
				in.Op = kit.Get
				ck.ck.Get(in.Key, func(v string) { record(in, call, kit.KVOutput{Value: v}); step(j + 1) })
			}
		}
		require.NoError(t, n.Do(func(sim.Env) { step(0) }))
	}

	// One fault at a time, in turn over the servers: a kill, then a cut.
	const hold = 300 * time.Millisecond
	end := time.Now().Add(*soak)
	faults := 0
	for round := 0; time.Now().Before(end); round++ {
		id := sim.NodeID(round % 3)
		if round%2 == 0 {
			ps.kill(id)
			time.Sleep(hold)
			ps.start(id, nil)
		} else {
			for link, p := range proxies {
				if link[0] == id || link[1] == id {
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
