package live_test

import (
	"maps"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

func TestProxyCutsAndHealsALink(t *testing.T) {
	c := newCluster(t, 2)
	c.start(0, func() sim.Node { return echoServer{} })
	proxy, err := live.NewProxy(c.book[0])
	require.NoError(t, err)
	defer func() { require.NoError(t, proxy.Close()) }()

	// The client reaches the server through the proxy; the server
	// answers on its own connection, straight to the client.
	cfg := c.config(1, func() sim.Node { return idle{} })
	cfg.Peers = maps.Clone(c.book)
	cfg.Peers[0] = proxy.Addr()
	client := c.startWith(cfg)

	_, err = callEcho(t, client, 0, "through", time.Second)
	require.NoError(t, err)

	proxy.Cut()
	for range 3 {
		_, err = callEcho(t, client, 0, "cut", 50*time.Millisecond)
		require.ErrorIs(t, err, rpc.ErrTimeout, "a call got through a cut link")
	}

	proxy.Heal()
	deadline := time.Now().Add(bound)
	var rep EchoReply
	for {
		rep, err = callEcho(t, client, 0, "healed", 200*time.Millisecond)
		if err == nil || time.Now().After(deadline) {
			break
		}
		require.ErrorIs(t, err, rpc.ErrTimeout)
	}
	require.NoError(t, err, "no call got through after the link healed")
	assert.Equal(t, "healed", rep.Text)
}
