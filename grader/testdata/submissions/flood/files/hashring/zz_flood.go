package hashring

import "github.com/distlab/distlab/sim"

// Flood is the message a flooding server sends itself.
type Flood struct{ Hops int }

// Receive sends every Flood it gets to itself twice more.
func (s *Server) Receive(env sim.Env, _ sim.NodeID, msg any) {
	if f, ok := msg.(Flood); ok {
		env.Send(env.ID(), Flood{Hops: f.Hops + 1})
		env.Send(env.ID(), Flood{Hops: f.Hops + 1})
	}
}
