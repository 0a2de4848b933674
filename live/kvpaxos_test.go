package live_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/paxos/kvpaxos"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// kvTypes returns the message types of the Paxos key/value service, as a
// simulated run of it sends them: the test does not name the types, which
// the student handout leaves to the student.
func kvTypes(t *testing.T) []any {
	t.Helper()
	types, err := discoverKVTypes()
	require.NoError(t, err)
	return types
}

// discoverKVTypes runs the service in a simulated world, a Put and a Get,
// and returns the types of the messages and rpc bodies sent.
func discoverKVTypes() ([]any, error) {
	w, err := sim.New(sim.Options{Seed: 1})
	if err != nil {
		return nil, err
	}
	servers := []sim.NodeID{0, 1, 2}
	for range servers {
		w.MustAddNode("", func() sim.Node { return kvpaxos.NewServer(slices.Clone(servers)) })
	}
	clerk := &clerkNode{servers: slices.Clone(servers)}
	w.MustAddNode("", func() sim.Node { return clerk })
	seen := map[reflect.Type]any{}
	w.Observe(func(ev sim.Event) error {
		if ev.Kind != sim.KindSend {
			return nil
		}
		var body any
		switch m := ev.Msg.(type) {
		case rpc.Request:
			body = m.Body
		case rpc.Response:
			body = m.Body
		default:
			body = m
		}
		if body != nil {
			seen[reflect.TypeOf(body)] = body
		}
		return nil
	})
	done := false
	w.At(0, func() {
		clerk.ck.Put("a", "1", func() { clerk.ck.Get("a", func(string) { done = true }) })
	})
	ok, err := w.RunUntil(10*time.Second, func() bool { return done })
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("the simulated key/value service did not answer")
	}
	var types []any
	for _, v := range seen {
		types = append(types, v)
	}
	return types, nil
}

// clerkNode is a client node that holds a clerk, for the test to drive.
type clerkNode struct {
	servers []sim.NodeID
	ck      *kvpaxos.Clerk
}

func (c *clerkNode) Start(env sim.Env) { c.ck = kvpaxos.NewClerk(env, c.servers) }

// kv drives a clerk node, one operation at a time.
type kv struct {
	t     *testing.T
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
	c := newCluster(t, 4, kvTypes(t)...)
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
