package rpc_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// busyClient keeps calls going to random servers, each with a fresh token,
// and checks every callback against the call it belongs to.
type busyClient struct {
	env     sim.Env
	servers []sim.NodeID
	next    int
	open    map[int]time.Duration // tokens whose callback has not run, with when they were sent
	done    int
	ok      int
	bad     []string // violations seen by callbacks
}

func (c *busyClient) Start(env sim.Env) {
	c.env = env
	c.open = map[int]time.Duration{}
	for range 3 {
		c.issue()
	}
}

func (c *busyClient) issue() {
	c.next++
	t := Token{Caller: c.env.ID(), N: c.next}
	c.open[t.N] = c.env.Now()
	to := c.servers[c.env.Rand().IntN(len(c.servers))]
	Echo.Call(c.env, to, t, 30*time.Millisecond, func(r TokenReply, err error) {
		if _, ok := c.open[t.N]; !ok {
			c.bad = append(c.bad, fmt.Sprintf("callback of token %d ran twice", t.N))
		}
		delete(c.open, t.N)
		c.done++
		if err == nil {
			c.ok++
			if r.Token != t {
				c.bad = append(c.bad, fmt.Sprintf("call with token %v got the reply to %v", t, r.Token))
			}
			if r.Server != to {
				c.bad = append(c.bad, fmt.Sprintf("call to %v answered by %v", to, r.Server))
			}
		}
		c.env.After(time.Duration(c.env.Rand().IntN(5))*time.Millisecond, c.issue)
	})
}

// faultyScenario runs 3 servers (one answering late) and 2 busy clients
// over a lossy, duplicating, reordering network, with a partition, a
// server crash and a client crash.
func faultyScenario(w *sim.World) error {
	var servers []sim.NodeID
	for i := range 3 {
		delay := time.Duration(0)
		if i == 2 {
			delay = 25 * time.Millisecond // often just too late
		}
		servers = append(servers, w.MustAddNode(fmt.Sprintf("s%d", i), func() sim.Node { return &server{delay: delay} }))
	}
	for i := range 2 {
		w.MustAddNode(fmt.Sprintf("c%d", i), func() sim.Node { return &busyClient{servers: slices.Clone(servers)} })
	}
	w.At(300*time.Millisecond, func() { w.Partition([]sim.NodeID{0, 3}, []sim.NodeID{1, 2, 4}) })
	w.At(600*time.Millisecond, func() { w.Heal() })
	w.At(400*time.Millisecond, func() { w.Crash(1) })
	w.At(700*time.Millisecond, func() { w.Restart(1) })
	w.At(500*time.Millisecond, func() { w.Crash(4) })
	w.At(550*time.Millisecond, func() { w.Restart(4) })
	return w.Run(time.Second)
}

var faultyNet = sim.NetConfig{Latency: time.Millisecond, Jitter: 15 * time.Millisecond, Loss: 0.1, Duplicate: 0.1}

func TestCallsUnderFaults(t *testing.T) {
	for seed := range int64(50) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			w, err := sim.New(sim.Options{Seed: seed, Net: faultyNet})
			require.NoError(t, err)
			stats := rpc.Observe(w)
			require.NoError(t, faultyScenario(w))

			var done, ok int
			for _, id := range []sim.NodeID{3, 4} {
				c := nodeOf[*busyClient](w, id)
				require.NotNil(t, c)
				assert.Empty(t, c.bad)
				// Every call got exactly one callback, except those made
				// within a timeout of the end.
				assert.Equal(t, c.next-len(c.open), c.done, "client %v: callbacks", id)
				for n, sent := range c.open {
					assert.Greater(t, sent, w.Now()-30*time.Millisecond, "client %v: call %d got no callback", id, n)
				}
				done += c.done
				ok += c.ok
			}
			// The scenario exercises both outcomes.
			assert.Positive(t, ok, "some calls succeed despite the faults")
			assert.Less(t, ok, done, "some calls fail under these faults")
			total := stats.Total()
			assert.GreaterOrEqual(t, total.Calls, uint64(done))
		})
	}
}

func TestCallsAreDeterministic(t *testing.T) {
	for seed := range int64(20) {
		fp, err := sim.CheckDeterminism(sim.Options{Seed: seed, Net: faultyNet}, faultyScenario)
		require.NoError(t, err, "seed %d", seed)
		require.NotZero(t, fp)
	}
}
