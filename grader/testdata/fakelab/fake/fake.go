// Package fake is the student package of the grader's test lab.
package fake

import "github.com/distlab/distlab/sim"

// Ping asks an Echo node to answer with Pong.
type Ping struct{ N int }

// Pong answers a Ping.
type Pong struct{ N int }

// Spin makes an Echo node loop forever in its handler.
type Spin struct{}

// Echo answers every Ping with a Pong and counts the Pongs it gets.
type Echo struct {
	Peer sim.NodeID
	Got  int
}

// Start sends the first Ping.
func (e *Echo) Start(env sim.Env) {
	if e.Peer >= 0 {
		env.Send(e.Peer, Ping{N: 1})
	}
}

// Receive answers Pings and counts Pongs.
func (e *Echo) Receive(env sim.Env, from sim.NodeID, msg any) {
	switch m := msg.(type) {
	case Ping:
		env.Send(from, Pong{N: m.N})
	case Pong:
		e.Got++
	case Spin:
		for {
		}
	}
}
