package hashring_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// writer is the client of the store's search: it writes key k once, then
// reads it back twice, and notes a read after the write's
// acknowledgement that misses it.
type writer struct {
	ctl   sim.NodeID
	key   string // the key written and read (searchKey)
	c     *hashring.Client
	acked bool
	reads int
	lost  string // the first lost write seen, or ""
	done  bool   // both reads returned the write
}

const searchValue = "v1"

// searchKey is the first of k0, k1, ... that s2 owns once it has joined
// s1, so that the join moves the key being written. It is found once, on
// the first run of the search, and within a bound: a ring that never names
// s2 (a skeleton) fails the search's setup instead of looping.
var searchKey = sync.OnceValues(func() (string, error) {
	both := hashring.Config{Num: 2, Members: []hashring.Member{{Name: "s1", ID: 1}, {Name: "s2", ID: 2}}}.Ring()
	const tries = 10_000
	for i := range tries {
		k := fmt.Sprintf("k%d", i)
		if owner, _ := both.Owner(k); owner == "s2" {
			return k, nil
		}
	}
	return "", fmt.Errorf("the ring of s1 and s2 gives s2 none of the keys k0..k%d: Owner must name s2 for about half of them", tries-1)
})

func (c *writer) Start(env sim.Env) {
	c.c = hashring.NewClient(env, c.ctl)
	c.c.Put(c.key, searchValue, func() {
		c.acked = true
		c.read()
	})
}

func (c *writer) read() {
	c.c.Get(c.key, func(v string) {
		c.reads++
		if v != searchValue && c.lost == "" {
			c.lost = fmt.Sprintf("LOST WRITE: read %d of %q returned %q, but Put(%q, %q) was acknowledged before it", c.reads, c.key, v, c.key, searchValue)
		}
		if c.reads < 2 {
			c.read()
			return
		}
		c.done = c.lost == ""
	})
}

// searchStore builds the store of the search: servers s1 and s2, s1 alone
// in configuration 1 and s2 joining in configuration 2 (the controller's
// timers fire in any order with the rest, so the join lands anywhere in
// the write and the reads), and client c1, the writer; with the harness's
// checks at every event (a server serves only keys it owns in the
// configuration it is ready for, and none while it moves).
func searchStore(w *sim.World) error {
	key, err := searchKey()
	if err != nil {
		return err
	}
	plan := storePlan{servers: 2, steps: [][]int{{1}, {1, 2}}, at: []time.Duration{0, time.Millisecond}}
	s := buildStore(nil, w, plan)
	w.MustAddNode("c1", func() sim.Node { return &writer{ctl: s.ctl, key: key} })
	return nil
}

// theWriter returns the writer of a store world, if it is up.
func theWriter(w *sim.World) *writer {
	id, _ := w.Lookup("c1")
	c, _ := w.Node(id).(*writer)
	return c
}

// TestSearchJoinDuringWrite explores, by random walks of up to 120 steps,
// the orders of the messages and timers of a store of two servers while
// the second joins during a write and two reads: no read after the write
// is acknowledged may miss it, and a server serves only the keys it owns
// (one owner). Some schedule must finish the reads. (Breadth-first search
// does not get through the write within a few seconds: the store's
// retries branch at every step. With walks of 60 steps, 3 seeds of 20
// finished no schedule of the reads; with 120, each of 1,000 seeds did.)
//
//lab:points 2
func TestSearchJoinDuringWrite(t *testing.T) {
	kit.Search(t, kit.SearchTest{
		Config: sim.ExploreConfig{
			Options:   sim.Options{HandlerTimeout: -1, Net: sim.NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond}},
			Strategy:  sim.RandomWalk,
			MaxDepth:  120,
			MaxStates: 100_000,
			Walks:     500,
			Invariant: func(w *sim.World) error {
				if c := theWriter(w); c != nil && c.lost != "" {
					return fmt.Errorf("%s", c.lost)
				}
				return nil
			},
			Prune: func(w *sim.World) bool { c := theWriter(w); return c != nil && c.done },
		},
		Setup:     searchStore,
		Sometimes: func(w *sim.World) bool { c := theWriter(w); return c != nil && c.done },
		What:      "both reads returned the write",
	})
}
