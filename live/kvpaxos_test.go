package live_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/paxos/kvpaxos"
	"github.com/distlab/distlab/sim"
)

// clerkNode is a client node that holds a clerk, for the test to drive.
type clerkNode struct {
	servers []sim.NodeID
	ck      *kvpaxos.Clerk
}

func (c *clerkNode) Start(env sim.Env) { c.ck = kvpaxos.NewClerk(env, c.servers) }

// kv drives a clerk node, one operation at a time.
type kv struct {
	t     testing.TB
	node  *live.Node
	clerk *clerkNode
}

func (k kv) put(key, value string) {
	done := make(chan struct{})
	require.NoError(k.t, k.node.Do(func(sim.Env) { k.clerk.ck.Put(key, value, func() { close(done) }) }))
	recv(k.t, done)
}

func (k kv) append(key, value string) {
	done := make(chan struct{})
	require.NoError(k.t, k.node.Do(func(sim.Env) { k.clerk.ck.Append(key, value, func() { close(done) }) }))
	recv(k.t, done)
}

func (k kv) get(key string) string {
	got := make(chan string, 1)
	require.NoError(k.t, k.node.Do(func(sim.Env) { k.clerk.ck.Get(key, func(v string) { got <- v }) }))
	return recv(k.t, got)
}

func TestKVPaxosOnLiveNodes(t *testing.T) {
	t.Parallel()
	servers := []sim.NodeID{0, 1, 2}
	c := newCluster(t, 4)
	server := func() sim.Node { return kvpaxos.NewServer(slices.Clone(servers)) }
	for _, id := range servers {
		c.start(id, server)
	}
	clerk := &clerkNode{servers: slices.Clone(servers)}
	k := kv{t: t, node: c.start(3, func() sim.Node { return clerk }), clerk: clerk}

	k.put("a", "1")
	k.append("a", "2")
	k.put("b", "x")
	assert.Equal(t, "12", k.get("a"))
	assert.Equal(t, "x", k.get("b"))
	assert.Equal(t, "", k.get("never written"))

	// A majority carries on without server 0, which then comes back from
	// its disk and catches up.
	c.stop(0)
	k.append("a", "3")
	assert.Equal(t, "123", k.get("a"))
	c.start(0, server)
	c.stop(1)
	k.append("a", "4")
	assert.Equal(t, "1234", k.get("a"))

	// Every server stops and restarts: what was applied is on disk.
	c.stop(0)
	c.stop(2)
	for _, id := range servers {
		c.start(id, server)
	}
	assert.Equal(t, "1234", k.get("a"))
	assert.Equal(t, "x", k.get("b"))
}
