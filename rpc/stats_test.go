package rpc_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

func TestStatsCountPerNodeAndMethod(t *testing.T) {
	w, err := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond}})
	require.NoError(t, err)
	stats := rpc.Observe(w)
	s := w.MustAddNode("server", func() sim.Node { return &server{} })
	s2 := w.MustAddNode("slice", func() sim.Node { return sliceServer{got: new([]int)} })
	c := w.MustAddNode("caller", func() sim.Node { return &caller{} })
	w.At(0, func() {
		for i := range 3 {
			nodeOf[*caller](w, c).call(s, i, time.Second)
		}
		ints.Call(nodeOf[*caller](w, c).env, s2, []int{1, 2}, time.Second, func([]int, error) {})
	})
	require.NoError(t, w.Run(time.Second))

	token := Echo.Name()
	assert.Equal(t, "test.Echo", token)
	assert.Equal(t, []string{token, "test.Ints"}, stats.Methods())

	// A Token request envelope: Epoch, ID (8 each), Method (4 +
	// len("test.Echo")), Body (1 + len("rpc_test.Token") + Caller 4 + N 8).
	reqSize := uint64(8 + 8 + 4 + len(token) + 1 + len("rpc_test.Token") + 4 + 8)
	// A reply: Epoch, ID, Method, Body (1 + len("rpc_test.TokenReply")
	// + Token 12 + Server 4), Err (4).
	repSize := uint64(8 + 8 + 4 + len(token) + 1 + len("rpc_test.TokenReply") + 12 + 4 + 4)
	assert.Equal(t, rpc.Counts{Calls: 3, Bytes: 3 * reqSize}, stats.NodeMethod(c, token))
	assert.Equal(t, rpc.Counts{Replies: 3, Bytes: 3 * repSize}, stats.NodeMethod(s, token))
	assert.Equal(t, rpc.Counts{Calls: 3, Replies: 3, Bytes: 3 * (reqSize + repSize)}, stats.Method(token))
	assert.Equal(t, uint64(4), stats.Node(c).Calls)
	assert.Equal(t, uint64(1), stats.Node(s2).Replies)
	total := stats.Total()
	assert.Equal(t, uint64(4), total.Calls)
	assert.Equal(t, uint64(4), total.Replies)
	assert.Equal(t, rpc.Counts{}, stats.NodeMethod(s, "nothing"))
}
