package live_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/paxos/kvpaxos"
	"github.com/distlab/distlab/sim"
)

// mesh puts a Proxy on every link between the nodes of a cluster, one per
// direction, so that a test can cut any of them.
type mesh struct {
	proxies map[[2]sim.NodeID]*live.Proxy // by from, to
}

func newMesh(t *testing.T, c *cluster) *mesh {
	t.Helper()
	m := &mesh{proxies: map[[2]sim.NodeID]*live.Proxy{}}
	for from := range c.book {
		for to, addr := range c.book {
			if from == to {
				continue
			}
			p, err := live.NewProxy(addr)
			require.NoError(t, err)
			t.Cleanup(func() { p.Close() })
			m.proxies[[2]sim.NodeID{from, to}] = p
		}
	}
	return m
}

// peers returns the address book of node id: its peers' proxies.
func (m *mesh) peers(c *cluster, id sim.NodeID) map[sim.NodeID]string {
	book := map[sim.NodeID]string{id: c.book[id]}
	for link, p := range m.proxies {
		if link[0] == id {
			book[link[1]] = p.Addr()
		}
	}
	return book
}

// isolate cuts every link to and from id.
func (m *mesh) isolate(id sim.NodeID) {
	for link, p := range m.proxies {
		if link[0] == id || link[1] == id {
			p.Cut()
		}
	}
}

// heal mends every link.
func (m *mesh) heal() {
	for _, p := range m.proxies {
		p.Heal()
	}
}

// history records operations with their wall-clock call and return times,
// from the clerks' event loops.
type history struct {
	mu    sync.Mutex
	start time.Time
	ops   []porcupine.Operation
	done  chan struct{} // one value per completed operation
}

func (h *history) record(client int, in kit.KVInput, call time.Time, out kit.KVOutput) {
	h.mu.Lock()
	h.ops = append(h.ops, porcupine.Operation{ClientId: client, Input: in, Output: out,
		Call: int64(call.Sub(h.start)), Return: int64(time.Since(h.start))})
	h.mu.Unlock()
	h.done <- struct{}{}
}

// TestKVPaxosLinearizableUnderPartitions runs the Paxos key/value service
// on live nodes whose every link passes through a proxy, with three clerks
// putting, appending and getting on two shared keys at once while servers
// are cut off from everyone in turn, and checks the history with porcupine
// on wall-clock times. The same check must reject the history of clerks
// that answer a Get from the last value they read.
func TestKVPaxosLinearizableUnderPartitions(t *testing.T) {
	t.Parallel()
	t.Run("service", func(t *testing.T) {
		ops := runKVUnderPartitions(t, false)
		read := 0
		for _, op := range ops {
			if op.Output.(kit.KVOutput).Value != "" {
				read++
			}
		}
		require.NotZero(t, read, "no Get read a value: the history checks nothing")
		require.Equal(t, porcupine.Ok, porcupine.CheckOperationsTimeout(kit.KVModel, ops, 10*time.Second),
			"the history is not linearizable")
	})
	t.Run("stale reads are caught", func(t *testing.T) {
		ops := runKVUnderPartitions(t, true)
		require.Equal(t, porcupine.Illegal, porcupine.CheckOperationsTimeout(kit.KVModel, ops, 10*time.Second),
			"a history with stale reads passed the check")
	})
}

// runKVUnderPartitions runs the workload and returns its history. With
// stale, each clerk answers a Get of a key it read before from that read,
// without asking the service: after its own Put of the key, that read is
// stale, so the history cannot be linearizable.
func runKVUnderPartitions(t *testing.T, stale bool) []porcupine.Operation {
	servers := []sim.NodeID{0, 1, 2}
	clients := []sim.NodeID{3, 4, 5}
	c := newCluster(t, 6)
	m := newMesh(t, c)
	for _, id := range servers {
		cfg := c.config(id, func() sim.Node { return kvpaxos.NewServer(slices.Clone(servers)) })
		cfg.Peers = m.peers(c, id)
		c.startWith(cfg)
	}

	const opsPerClerk = 12
	h := &history{start: time.Now(), done: make(chan struct{}, len(clients)*opsPerClerk)}
	for i, id := range clients {
		ck := &clerkNode{servers: slices.Clone(servers)}
		cfg := c.config(id, func() sim.Node { return ck })
		cfg.Peers = m.peers(c, id)
		n := c.startWith(cfg)
		lastRead := map[string]string{}
		var step func(j int)
		step = func(j int) {
			if j == opsPerClerk {
				return
			}
			in := kit.KVInput{Key: fmt.Sprintf("k%d", j%2)}
			call := time.Now()
			switch j % 3 {
			case 0:
				in.Op, in.Value = kit.Put, fmt.Sprintf("c%d.%d ", i, j)
				ck.ck.Put(in.Key, in.Value, func() { h.record(i, in, call, kit.KVOutput{}); step(j + 1) })
			case 1:
				in.Op, in.Value = kit.Append, fmt.Sprintf("c%d.%d ", i, j)
				ck.ck.Append(in.Key, in.Value, func() { h.record(i, in, call, kit.KVOutput{}); step(j + 1) })
			default:
				in.Op = kit.Get
				if v, ok := lastRead[in.Key]; ok && stale {
					h.record(i, in, call, kit.KVOutput{Value: v})
					step(j + 1)
					return
				}
				ck.ck.Get(in.Key, func(v string) {
					lastRead[in.Key] = v
					h.record(i, in, call, kit.KVOutput{Value: v})
					step(j + 1)
				})
			}
		}
		require.NoError(t, n.Do(func(sim.Env) { step(0) }))
	}

	// Cut each server off in turn as the operations complete, then heal.
	total := len(clients) * opsPerClerk
	deadline := time.After(20 * time.Second)
	for done := 0; done < total; done++ {
		switch done {
		case total / 4:
			m.isolate(0)
		case total / 2:
			m.heal()
			m.isolate(1)
		case 3 * total / 4:
			m.heal()
		}
		select {
		case <-h.done:
		case <-deadline:
			t.Fatalf("%d of %d operations completed", done, total)
		}
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	require.Len(t, h.ops, total)
	return slices.Clone(h.ops)
}
