package paxos_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/paxos/kvpaxos"
	"github.com/distlab/distlab/sim"
)

// Three nodes of single-decree Paxos (Part A); one proposes, and every node
// learns its value.
func Example_singleDecree() {
	w, _ := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond}})
	peers := []sim.NodeID{0, 1, 2}
	for i := range peers {
		w.MustAddNode(fmt.Sprintf("n%d", i), func() sim.Node { return paxos.NewNode(slices.Clone(peers)) })
	}
	w.At(0, func() { w.Node(0).(*paxos.Node).Propose("hello") }) // after the nodes' Start
	if err := w.Run(time.Second); err != nil {
		fmt.Println(err)
	}
	for _, id := range peers {
		v, ok := w.Node(id).(*paxos.Node).Decided()
		fmt.Println(w.Name(id), v, ok)
	}
	// Output:
	// n0 hello true
	// n1 hello true
	// n2 hello true
}

// peerHost is a node that runs a Paxos peer (Part B) and starts one instance.
type peerHost struct {
	peers []sim.NodeID
	px    *paxos.Peer
}

func (h *peerHost) Start(env sim.Env) {
	h.px = paxos.NewPeer(env, slices.Clone(h.peers))
	if env.ID() == 0 {
		h.px.Start(5, "five")
	}
}

// Three Paxos peers agree on instance 5, which one of them started.
func Example_instances() {
	w, _ := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond}})
	peers := []sim.NodeID{0, 1, 2}
	for i := range peers {
		w.MustAddNode(fmt.Sprintf("n%d", i), func() sim.Node { return &peerHost{peers: slices.Clone(peers)} })
	}
	if err := w.Run(time.Second); err != nil {
		fmt.Println(err)
	}
	for _, id := range peers {
		px := w.Node(id).(*peerHost).px
		fate, v := px.Status(5)
		fmt.Println(w.Name(id), fate, v, px.Max())
	}
	// Output:
	// n0 Decided five 5
	// n1 Decided five 5
	// n2 Decided five 5
}

// client is a node that appends to a key, then reads it.
type client struct {
	servers []sim.NodeID
}

func (c *client) Start(env sim.Env) {
	ck := kvpaxos.NewClerk(env, slices.Clone(c.servers))
	ck.Put("k", "a", func() {
		ck.Append("k", "b", func() {
			ck.Get("k", func(v string) { fmt.Println("k =", v) })
		})
	})
}

// A key/value service of three servers (Part C), and a client that writes
// and reads a key.
func Example_keyValue() {
	w, _ := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond}})
	servers := []sim.NodeID{0, 1, 2}
	for i := range servers {
		w.MustAddNode(fmt.Sprintf("s%d", i), func() sim.Node { return kvpaxos.NewServer(slices.Clone(servers)) })
	}
	w.MustAddNode("c0", func() sim.Node { return &client{servers: slices.Clone(servers)} })
	if err := w.Run(time.Second); err != nil {
		fmt.Println(err)
	}
	// Output:
	// k = ab
}
