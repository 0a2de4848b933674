package live_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/sim"
)

// Two nodes on loopback: an Echo server and a client driven with Do.
func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// Let the system choose the ports, then share the address book.
	var lns []net.Listener
	book := map[sim.NodeID]string{}
	for id := range sim.NodeID(2) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		lns = append(lns, ln)
		book[id] = ln.Addr().String()
	}
	dir, err := os.MkdirTemp("", "live-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	start := func(id sim.NodeID, f sim.Factory) *live.Node {
		n, err := live.Start(ctx, live.Config{
			ID: id, Peers: book, Listener: lns[id], Dir: fmt.Sprintf("%s/n%d", dir, id),
			Seed: 1, Factory: f,
		})
		if err != nil {
			panic(err)
		}
		return n
	}
	server := start(0, func() sim.Node { return echoServer{} })
	client := start(1, func() sim.Node { return idle{} })

	got := make(chan string, 1)
	client.Do(func(env sim.Env) {
		echo.Call(env, 0, EchoArgs{Text: "hello"}, time.Second, func(r EchoReply, err error) {
			if err != nil {
				got <- err.Error()
				return
			}
			got <- fmt.Sprintf("%s from %v", r.Text, r.By)
		})
	})
	fmt.Println(<-got)

	cancel()
	fmt.Println(server.Wait(), client.Wait())
	// Output:
	// hello from n0
	// <nil> <nil>
}
