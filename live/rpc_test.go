package live_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

func TestRPCEchoOverTCP(t *testing.T) {
	c := newCluster(t, 2)
	c.start(0, func() sim.Node { return echoServer{} })
	client := c.start(1, func() sim.Node { return idle{} })

	for i := range 20 {
		text := fmt.Sprintf("hello %d", i)
		rep, err := callEcho(t, client, 0, text, time.Second)
		require.NoError(t, err)
		assert.Equal(t, EchoReply{Text: text, By: 0, Inc: 1}, rep)
	}
}

func TestRPCManyCallsAtOnce(t *testing.T) {
	c := newCluster(t, 2)
	c.start(0, func() sim.Node { return echoServer{} })
	client := c.start(1, func() sim.Node { return idle{} })

	const calls = 200
	got := make(chan echoResult, calls)
	require.NoError(t, client.Do(func(env sim.Env) {
		for i := range calls {
			echo.Call(env, 0, EchoArgs{Text: fmt.Sprint(i)}, 2*time.Second, func(r EchoReply, err error) {
				got <- echoResult{r, err}
			})
		}
	}))
	seen := map[string]bool{}
	for range calls {
		select {
		case r := <-got:
			require.NoError(t, r.err)
			seen[r.rep.Text] = true
		case <-time.After(bound):
			t.Fatalf("%d of %d calls answered", len(seen), calls)
		}
	}
	assert.Len(t, seen, calls)
	require.NoError(t, client.Do(func(env sim.Env) { assert.Zero(t, rpc.Pending(env)) }))
}

func TestCallToDownNodeTimesOut(t *testing.T) {
	c := newCluster(t, 2)
	c.start(0, func() sim.Node { return echoServer{} })
	client := c.start(1, func() sim.Node { return idle{} })
	_, err := callEcho(t, client, 0, "up", time.Second)
	require.NoError(t, err)

	c.stop(0)
	start := time.Now()
	_, err = callEcho(t, client, 0, "down", 100*time.Millisecond)
	require.ErrorIs(t, err, rpc.ErrTimeout)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond, "the timeout is real time")
}

func TestCallToUnknownNodeTimesOut(t *testing.T) {
	c := newCluster(t, 1)
	client := c.start(0, func() sim.Node { return idle{} })
	_, err := callEcho(t, client, 7, "nobody", 50*time.Millisecond)
	require.ErrorIs(t, err, rpc.ErrTimeout)
}

func TestRestartReconnects(t *testing.T) {
	c := newCluster(t, 2)
	c.start(0, func() sim.Node { return echoServer{} })
	client := c.start(1, func() sim.Node { return idle{} })
	rep, err := callEcho(t, client, 0, "first", time.Second)
	require.NoError(t, err)
	require.Equal(t, uint64(1), rep.Inc)

	c.stop(0)
	_, err = callEcho(t, client, 0, "while down", 50*time.Millisecond)
	require.ErrorIs(t, err, rpc.ErrTimeout)

	c.start(0, func() sim.Node { return echoServer{} })
	// The client's old connection is dead and it may be backing off:
	// calls are lost until it redials. Retry, as a client on a real
	// network does, within the test's bound.
	deadline := time.Now().Add(bound)
	for {
		rep, err = callEcho(t, client, 0, "again", 200*time.Millisecond)
		if err == nil || time.Now().After(deadline) {
			break
		}
		require.ErrorIs(t, err, rpc.ErrTimeout)
	}
	require.NoError(t, err, "no call got through after the restart")
	assert.Equal(t, EchoReply{Text: "again", By: 0, Inc: 2}, rep)
}
