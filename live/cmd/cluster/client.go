package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/sim"
)

// clientNode is the node of a client process: it makes its clerks when
// it starts, and the command drives them with Node.Do.
type clientNode struct {
	lb      lab
	servers []sim.NodeID
	n       int
	clerks  []clerk
}

func (c *clientNode) Start(env sim.Env) {
	for range c.n {
		c.clerks = append(c.clerks, c.lb.clerk(env, c.servers))
	}
}

// client is a running client node of a cluster.
type client struct {
	node   *live.Node
	clerks []clerk
	stop   func()
}

// connect starts a client node with n clerks for the cluster in dir, on
// the first client id whose address is free. Its stop stops the node.
func connect(dir string, n int) (*client, error) {
	l, err := readLayout(dir)
	if err != nil {
		return nil, err
	}
	lb, err := findLab(l.Lab)
	if err != nil {
		return nil, err
	}
	if lb.clerk == nil {
		return nil, fmt.Errorf("cluster: the %s lab has no key/value client here (kv and load run against the paxos lab)", l.Lab)
	}
	var id sim.NodeID
	var ln net.Listener
	for _, c := range l.Clients {
		if ln, err = net.Listen("tcp", l.Book[c]); err == nil {
			id = c
			break
		}
	}
	if ln == nil {
		return nil, fmt.Errorf("cluster: all %d client ids are in use (start the cluster with --fresh --clients N for more)", len(l.Clients))
	}
	// The client's data directory is kept from one client process to the
	// next on the same id, for its incarnation count: each process is a
	// new incarnation, and a late reply to a call of an earlier process
	// on this id is dropped (rpc tells calls apart by incarnation and
	// number) instead of being taken for the reply to this one's call.
	data := clientDir(dir, id)
	cn := &clientNode{lb: lb, servers: l.serverIDs(), n: n}
	ctx, cancel := context.WithCancel(context.Background())
	// Every client process is a new client of the service: its clerks
	// draw their ids from a stream seeded anew.
	node, err := live.Start(ctx, live.Config{ID: id, Name: "client", Peers: l.Book, Listener: ln, Dir: data,
		Seed: time.Now().UnixNano(), Factory: func() sim.Node { return cn }})
	if err != nil {
		cancel()
		return nil, err
	}
	// Start has run once Do runs: the clerks are there.
	if err := node.Do(func(sim.Env) {}); err != nil {
		cancel()
		return nil, node.Wait()
	}
	return &client{node: node, clerks: cn.clerks, stop: func() {
		cancel()
		node.Wait()
	}}, nil
}

// op is one key/value operation.
type op struct {
	kind       string // "get", "put" or "append"
	key, value string
}

// run starts o on clerk ck, on the client's event loop; done gets the
// value a get read.
func (c *client) run(ck clerk, o op, done func(value string)) {
	switch o.kind {
	case "get":
		ck.Get(o.key, done)
	case "put":
		ck.Put(o.key, o.value, func() { done("") })
	case "append":
		ck.Append(o.key, o.value, func() { done("") })
	default:
		panic("cluster: unknown operation " + o.kind)
	}
}

// do runs one operation and waits for it, or for timeout.
func (c *client) do(o op, timeout time.Duration) (string, error) {
	got := make(chan string, 1)
	if err := c.node.Do(func(sim.Env) { c.run(c.clerks[0], o, func(v string) { got <- v }) }); err != nil {
		return "", err
	}
	select {
	case v := <-got:
		return v, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("cluster: no answer to %s %s within %v (is a majority of the servers up?)", o.kind, o.key, timeout)
	case <-c.node.Done():
		return "", c.node.Wait()
	}
}
