package live_test

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// bound is how long a test waits for anything before it fails.
const bound = 5 * time.Second

type EchoArgs struct{ Text string }
type EchoReply struct {
	Text string
	By   sim.NodeID
	Inc  uint64
}

const echo = rpc.Method[EchoArgs, EchoReply]("livetest.Echo")

// echoServer answers Echo with the text, its id and its incarnation.
type echoServer struct{}

func (echoServer) Start(env sim.Env) {
	echo.Handle(env, func(_ sim.NodeID, args EchoArgs, reply func(EchoReply)) {
		reply(EchoReply{Text: args.Text, By: env.ID(), Inc: env.Incarnation()})
	})
}

// idle is a node that does nothing by itself; tests drive it with Do.
type idle struct{}

func (idle) Start(sim.Env) {}

// cluster runs live nodes in this process, on loopback ports the system
// chose, each with a data directory of its own, and stops them all when
// the test ends.
type cluster struct {
	t       *testing.T
	book    map[sim.NodeID]string
	lns     map[sim.NodeID]net.Listener // listening sockets for first starts
	dirs    map[sim.NodeID]string
	running map[sim.NodeID]*running
	types   []any
	log     io.Writer
}

type running struct {
	node   *live.Node
	cancel context.CancelFunc
}

func newCluster(t *testing.T, n int, types ...any) *cluster {
	t.Helper()
	c := &cluster{t: t, book: map[sim.NodeID]string{}, lns: map[sim.NodeID]net.Listener{},
		dirs: map[sim.NodeID]string{}, running: map[sim.NodeID]*running{}, types: types, log: io.Discard}
	for i := range n {
		id := sim.NodeID(i)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		c.lns[id], c.book[id], c.dirs[id] = ln, ln.Addr().String(), t.TempDir()
	}
	t.Cleanup(func() {
		for id := range c.running {
			c.stop(id)
		}
		for _, ln := range c.lns {
			ln.Close()
		}
	})
	return c
}

// config returns the Config of node id.
func (c *cluster) config(id sim.NodeID, f sim.Factory) live.Config {
	cfg := live.Config{ID: id, Peers: c.book, Dir: c.dirs[id], Seed: 1, Factory: f, Types: c.types, Log: c.log}
	if ln, ok := c.lns[id]; ok {
		cfg.Listener = ln
		delete(c.lns, id)
	}
	return cfg
}

// start starts node id, on its address and its data directory.
func (c *cluster) start(id sim.NodeID, f sim.Factory) *live.Node {
	return c.startWith(c.config(id, f))
}

func (c *cluster) startWith(cfg live.Config) *live.Node {
	c.t.Helper()
	require.NotContains(c.t, c.running, cfg.ID, "node already running")
	ctx, cancel := context.WithCancel(context.Background())
	n, err := live.Start(ctx, cfg)
	if err != nil {
		cancel()
		require.NoError(c.t, err)
	}
	c.running[cfg.ID] = &running{node: n, cancel: cancel}
	return n
}

// stop stops node id and checks that it stopped cleanly.
func (c *cluster) stop(id sim.NodeID) {
	c.t.Helper()
	r, ok := c.running[id]
	require.True(c.t, ok, "node %v is not running", id)
	delete(c.running, id)
	r.cancel()
	require.NoError(c.t, waitStopped(c.t, r.node))
}

// waitStopped waits for n to stop and returns its error.
func waitStopped(t testing.TB, n *live.Node) error {
	t.Helper()
	select {
	case <-n.Done():
		return n.Wait()
	case <-time.After(bound):
		t.Fatal("the node did not stop")
		return nil
	}
}

type echoResult struct {
	rep EchoReply
	err error
}

// callEcho makes an Echo call from node n to node to, and returns its
// outcome.
func callEcho(t *testing.T, n *live.Node, to sim.NodeID, text string, timeout time.Duration) (EchoReply, error) {
	t.Helper()
	ch := make(chan echoResult, 1)
	require.NoError(t, n.Do(func(env sim.Env) {
		echo.Call(env, to, EchoArgs{Text: text}, timeout, func(r EchoReply, err error) {
			ch <- echoResult{r, err}
		})
	}))
	select {
	case r := <-ch:
		return r.rep, r.err
	case <-time.After(bound):
		t.Fatal("the call's callback never ran")
		return EchoReply{}, nil
	}
}
