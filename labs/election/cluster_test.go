package election_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// cfg times every node in these tests. It has election.DefaultConfig's
// values, written out so that the bounds below stay what the handout says.
var cfg = election.Config{
	ElectionTimeoutMin: 150 * time.Millisecond,
	ElectionTimeoutMax: 300 * time.Millisecond,
	HeartbeatInterval:  50 * time.Millisecond,
	RPCTimeout:         time.Second,
}

// The bounds of the tests, as the handout states them.
const (
	// electionBound is how long a cluster may go without an agreed leader
	// once a majority can talk: 10 election timeouts.
	electionBound = 10 * 300 * time.Millisecond
	// stepDownBound is how long an old leader may keep leading once it can
	// hear the new term: one election timeout.
	stepDownBound = 300 * time.Millisecond
)

// The networks of the tests.
var (
	// healthyNet delivers every message in 1 to 5ms.
	healthyNet = sim.NetConfig{Latency: time.Millisecond, Jitter: 4 * time.Millisecond}
	// lossyNet loses and duplicates a message in ten, and reorders many
	// (most take 1 to 10ms, a few up to 100ms).
	lossyNet = sim.NetConfig{Latency: time.Millisecond, Jitter: 10 * time.Millisecond,
		Dist: sim.Exponential, Loss: 0.1, Duplicate: 0.1}
	// slowNet delays messages by 100ms on average and up to a second,
	// often longer than an election timeout: replies come back after their
	// election is over, and requests arrive from terms long gone.
	slowNet = sim.NetConfig{Latency: time.Millisecond, Jitter: 100 * time.Millisecond,
		Dist: sim.Exponential, Loss: 0.05, Duplicate: 0.05}
)

// cluster is an election cluster of nodes n0, n1, ... in a world of one seed,
// watched by the safety checker.
type cluster struct {
	r    *kit.Run
	w    *sim.World
	ids  []sim.NodeID
	safe *safety
}

// newCluster builds a world on net with size nodes named n0, n1, ..., all
// running election.New with cfg, and installs the safety checker.
func newCluster(r *kit.Run, size int, net sim.NetConfig) *cluster {
	return newClusterWith(r, size, sim.Options{Net: net})
}

// newClusterWith is newCluster in a world made with opts.
func newClusterWith(r *kit.Run, size int, opts sim.Options) *cluster {
	w := r.World(opts)
	ids := make([]sim.NodeID, size)
	for i := range ids {
		ids[i] = sim.NodeID(i)
	}
	factory := nodes(ids)
	for _, id := range ids {
		w.MustAddNode(id.String(), factory) // named as messages print ids
	}
	safe := watchSafety(w, ids)
	safe.watchHeartbeats()
	return &cluster{r: r, w: w, ids: ids, safe: safe}
}

// nodes is the factory of the tests' nodes: it calls election.New for
// every start of every node, so nothing the factory New returns captures
// (a map, a counter) is shared between nodes or outlives a crash. What a
// node keeps across a crash goes through its Storage.
func nodes(ids []sim.NodeID) sim.Factory {
	return func() sim.Node { return election.New(slices.Clone(ids), cfg)() }
}

// status returns node id's Status, and false if it is down.
func (c *cluster) status(id sim.NodeID) (election.Status, bool) {
	n, ok := c.w.Node(id).(*election.Node)
	if !ok {
		return election.Status{}, false
	}
	return n.Status(), true
}

func (c *cluster) name(id sim.NodeID) string { return c.safe.name(id) }

// views prints what every node believes, for failure messages:
// "n0 leader of term 3; n1 follower of n0 in term 3; n2 down".
func (c *cluster) views() string {
	parts := make([]string, len(c.ids))
	for i, id := range c.ids {
		st, up := c.status(id)
		switch {
		case !up:
			parts[i] = c.name(id) + " down"
		case st.Role == election.Leader:
			parts[i] = fmt.Sprintf("%s leader of term %d", c.name(id), st.Term)
		case st.Leader != sim.NoNode:
			parts[i] = fmt.Sprintf("%s %s of %s in term %d", c.name(id), st.Role, c.name(st.Leader), st.Term)
		default:
			parts[i] = fmt.Sprintf("%s %s in term %d, no leader known", c.name(id), st.Role, st.Term)
		}
	}
	return strings.Join(parts, "; ")
}

// agreed reports the leader that every up node of group agrees on: one
// of them leads term T and every other follows it in term T.
func (c *cluster) agreed(group []sim.NodeID) (leader sim.NodeID, term uint64, ok bool) {
	leader = sim.NoNode
	up := 0
	for _, id := range group {
		st, isUp := c.status(id)
		if !isUp {
			continue
		}
		if up == 0 {
			term = st.Term
		}
		up++
		switch {
		case st.Term != term:
			return sim.NoNode, 0, false
		case st.Role == election.Leader:
			if leader != sim.NoNode && leader != id {
				return sim.NoNode, 0, false
			}
			leader = id
		case st.Role != election.Follower:
			return sim.NoNode, 0, false
		}
	}
	if leader == sim.NoNode {
		return sim.NoNode, 0, false
	}
	for _, id := range group {
		if st, isUp := c.status(id); isUp && id != leader && st.Leader != leader {
			return sim.NoNode, 0, false
		}
	}
	return leader, term, true
}

// awaitLeader runs until the up nodes of group agree on a leader, and
// fails the seed if they do not within bound; what says why a leader is
// due ("of the start, on a healthy network", "after n2 restarted").
func (c *cluster) awaitLeader(group []sim.NodeID, bound time.Duration, what string) (sim.NodeID, uint64) {
	c.r.T().Helper()
	var leader sim.NodeID
	var term uint64
	ok, err := c.w.RunUntil(c.w.Now()+bound, func() bool {
		var agreed bool
		leader, term, agreed = c.agreed(group)
		return agreed
	})
	c.r.Check(err)
	if !ok {
		c.r.Fatalf("no leader that %s agree on within %v %s\n    nodes: %s",
			c.safe.names(group), bound, what, c.views())
	}
	st, _ := c.status(leader)
	c.r.Check(c.safe.led(leader, st))
	return leader, term
}

// runFor runs the world for d and fails the seed if the run broke.
func (c *cluster) runFor(d time.Duration) {
	c.r.T().Helper()
	c.r.Check(c.w.RunFor(d))
}

// at schedules fn at virtual time t. fn runs on the world's thread: it
// may change the world but must not fail the test.
func (c *cluster) at(t time.Duration, fn func()) { c.w.At(t, fn) }

// others returns the nodes of the cluster other than those given.
func (c *cluster) others(except ...sim.NodeID) []sim.NodeID {
	var out []sim.NodeID
	for _, id := range c.ids {
		if !slices.Contains(except, id) {
			out = append(out, id)
		}
	}
	return out
}

// randomDuration returns a duration drawn uniformly from [0, d).
func randomDuration(rng *rand.Rand, d time.Duration) time.Duration {
	return time.Duration(rng.Int64N(int64(d)))
}
