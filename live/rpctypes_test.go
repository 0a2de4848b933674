package live_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// OtherArgs is a request type that the echo server's method does not take.
type OtherArgs struct{ Text string }

// rpc calls need no Config.Types: each end decodes a body into the type it
// declared for the method, and a method declared differently at the two
// ends fails as it does in the simulator.
func TestRPCBodiesNeedNoListedTypes(t *testing.T) {
	tests := []struct {
		name string
		call func(env sim.Env, done func(error))
		want error // nil: the call succeeds
	}{
		{"the same declaration", func(env sim.Env, done func(error)) {
			echo.Call(env, 0, EchoArgs{Text: "x"}, time.Second, func(r EchoReply, err error) {
				if err == nil && r.Text != "x" {
					t.Errorf("reply %+v", r)
				}
				done(err)
			})
		}, nil},
		{"another request type", func(env sim.Env, done func(error)) {
			rpc.Method[OtherArgs, EchoReply](echo.Name()).Call(env, 0, OtherArgs{Text: "x"}, time.Second,
				func(_ EchoReply, err error) { done(err) })
		}, rpc.ErrNoHandler},
		{"an unknown method", func(env sim.Env, done func(error)) {
			rpc.Method[OtherArgs, EchoReply]("livetest.Nothing").Call(env, 0, OtherArgs{}, time.Second,
				func(_ EchoReply, err error) { done(err) })
		}, rpc.ErrNoHandler},
		{"another reply type", func(env sim.Env, done func(error)) {
			rpc.Method[EchoArgs, OtherArgs](echo.Name()).Call(env, 0, EchoArgs{Text: "x"}, 200*time.Millisecond,
				func(_ OtherArgs, err error) { done(err) })
		}, rpc.ErrTimeout}, // the reply is dropped
	}
	// A node uses a method name with one pair of types only: each case
	// has a client of its own.
	c := newCluster(t, 1+len(tests))
	c.start(0, func() sim.Node { return echoServer{} })
	for i, tc := range tests {
		client := c.start(sim.NodeID(1+i), func() sim.Node { return idle{} })
		t.Run(tc.name, func(t *testing.T) {
			got := make(chan error, 1)
			require.NoError(t, client.Do(func(env sim.Env) { tc.call(env, func(err error) { got <- err }) }))
			err := recv(t, got)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// WithChan is an rpc body that cannot travel.
type WithChan struct{ C chan int }

func TestRPCBodyThatCannotTravelStopsTheSender(t *testing.T) {
	c := newCluster(t, 2)
	c.start(0, func() sim.Node { return echoServer{} })
	n := c.start(1, func() sim.Node { return idle{} })
	bad := rpc.Method[WithChan, EchoReply]("livetest.Bad")
	err := n.Do(func(env sim.Env) {
		bad.Call(env, 0, WithChan{}, time.Second, func(EchoReply, error) {})
	})
	require.ErrorIs(t, err, live.ErrStopped)
	err = waitStopped(t, n)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "live_test.WithChan cannot travel as JSON")
	delete(c.running, 1)
}
