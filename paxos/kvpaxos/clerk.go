package kvpaxos

import (
	"github.com/distlab/distlab/sim"
)

// Clerk is the client library of the service, used by a client node. It
// sends each operation to a server, and to the next one after a timeout,
// until a server answers: an operation always completes, as soon as some
// server that can reach a majority of the servers gets it. Retries never
// apply an operation twice.
//
// A Clerk runs one operation at a time: start the next one from the
// previous one's callback, or later. Callbacks run on the node's thread,
// like any other event.
type Clerk struct {
	// BEGIN SOLUTION
	// TODO: the clerk's state: its Env, the servers, its client id, its
	// last sequence number, which server to try first.
	// STUB: servers []sim.NodeID
	env     sim.Env
	servers []sim.NodeID
	id      uint64 // this clerk's id, random
	seq     uint64 // the number of the last operation
	server  int    // the index of the server to try first: the last that answered
	// END SOLUTION
}

// NewClerk returns a clerk for the client node of env, talking to the
// given servers. Call it from the client node's Start.
func NewClerk(env sim.Env, servers []sim.NodeID) *Clerk {
	// BEGIN SOLUTION
	// TODO: pick a client id that no other clerk has, and a server to try
	// first.
	// STUB: return &Clerk{servers: servers}
	return &Clerk{
		env:     env,
		servers: append([]sim.NodeID(nil), servers...),
		id:      env.Rand().Uint64(),
		server:  env.Rand().IntN(len(servers)),
	}
	// END SOLUTION
}

// Get reads the value of key ("" if it was never written) and passes it
// to done.
func (ck *Clerk) Get(key string, done func(value string)) {
	// BEGIN SOLUTION
	// TODO: run a Get.
	ck.run(Op{Kind: "Get", Key: key}, done)
	// END SOLUTION
}

// Put sets the value of key, and calls done.
func (ck *Clerk) Put(key, value string, done func()) {
	// BEGIN SOLUTION
	// TODO: run a Put.
	ck.run(Op{Kind: "Put", Key: key, Value: value}, func(string) { done() })
	// END SOLUTION
}

// Append appends value to the value of key, and calls done.
func (ck *Clerk) Append(key, value string, done func()) {
	// BEGIN SOLUTION
	// TODO: run an Append.
	ck.run(Op{Kind: "Append", Key: key, Value: value}, func(string) { done() })
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: send an operation, with a new sequence number, to one server after
// another until one answers.

// run numbers op and sends it until a server answers.
func (ck *Clerk) run(op Op, done func(string)) {
	ck.seq++
	op.Client, op.Seq = ck.id, ck.seq
	ck.send(op, done)
}

// send sends op to the current server, and to the next one if it does
// not answer in time.
func (ck *Clerk) send(op Op, done func(string)) {
	opRPC.Call(ck.env, ck.servers[ck.server], OpArgs{Op: op}, clerkTimeout, func(r OpReply, err error) {
		if err != nil {
			ck.server = (ck.server + 1) % len(ck.servers)
			ck.send(op, done)
			return
		}
		done(r.Value)
	})
}

// END SOLUTION
