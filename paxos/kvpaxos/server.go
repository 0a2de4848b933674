package kvpaxos

import (
	"time"

	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/sim"
)

// Server is a replica of the key/value service: a sim.Node that runs a
// Paxos peer (paxos.Peer) and the key/value state machine. Every client
// operation, Get included, goes through the log: the server proposes it
// for the next instance, applies decided instances in order, and answers
// the client once its operation is applied. An operation is applied once,
// however many times clients retry it or the network duplicates it.
//
// What a server stores durably, besides its Paxos peer's state: the
// key/value data, the last operation applied for each client and its
// result, and the number of the last instance applied, all saved together
// when an instance is applied. A restarted server loads them and goes on
// from the next instance. Instances a server applied can be forgotten, so
// it calls Done on its peer after it saved them.
type Server struct {
	// BEGIN SOLUTION
	// TODO: the server's state: its Env, its Paxos peer, the data, the
	// last operation applied for each client, the last instance applied,
	// and the client requests waiting for their operation to be applied.
	// STUB: servers []sim.NodeID
	// STUB: px      *paxos.Peer
	servers []sim.NodeID
	env     sim.Env
	px      *paxos.Peer

	data      map[string]string // the key/value data, durable
	clients   map[uint64]lastOp // the last operation applied per client, durable
	applied   int               // the last instance applied (-1: none), durable
	appliedAt time.Duration     // when applied last moved
	waiting   []*request        // requests whose operation is not applied yet, oldest first
	// END SOLUTION
}

// NewServer returns a server of the group servers, which lists every
// server (this one included) by id.
func NewServer(servers []sim.NodeID) *Server {
	// BEGIN SOLUTION
	// TODO: keep a copy of the servers; everything else starts in Start.
	// STUB: return &Server{servers: servers}
	return &Server{servers: append([]sim.NodeID(nil), servers...)}
	// END SOLUTION
}

// Start boots the server, on the first boot and on every restart: it
// loads the durable state, makes its Paxos peer, registers the rpc
// handler for clerks, and starts applying the log.
func (s *Server) Start(env sim.Env) {
	// BEGIN SOLUTION
	// TODO: load what is durable, make the Paxos peer (and tell it what
	// was applied already), register your handler, start a ticker.
	s.env = env
	s.loadState()
	s.px = paxos.NewPeer(env, s.servers)
	s.px.Done(s.applied)
	opRPC.Handle(env, s.handleOp)
	env.After(tickInterval, s.tick)
	// END SOLUTION
}

// Paxos returns the server's Paxos peer, for tests to inspect.
func (s *Server) Paxos() *paxos.Peer {
	return s.px
}
