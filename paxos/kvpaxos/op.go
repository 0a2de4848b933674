package kvpaxos

import (
	"encoding/json"
	"fmt"

	"github.com/distlab/distlab/rpc"
)

// BEGIN SOLUTION
// TODO: what the log holds: a client's operation, with what makes it
// unique (the client's id and its sequence number), encoded as a Paxos
// value (a string), and a no-op value that no operation encodes to; and
// the request and reply between clerk and server, with the rpc method that
// pairs them (rpc.Method).

// Op is one client operation, as the log holds it.
type Op struct {
	Kind   string // "Get", "Put" or "Append"
	Key    string
	Value  string // for Put and Append
	Client uint64 // the clerk that issued it
	Seq    uint64 // the clerk's number for it: 1, 2, 3, ...
}

// noop is the value a server proposes to learn what an instance holds.
// No Op encodes to it.
const noop = ""

// encode returns op as a Paxos value.
func (op Op) encode() string {
	data, err := json.Marshal(op)
	if err != nil {
		panic(fmt.Sprintf("kvpaxos: encoding %+v: %v", op, err))
	}
	return string(data)
}

// decodeOp returns the Op of a Paxos value that is not noop.
func decodeOp(v string) Op {
	var op Op
	if err := json.Unmarshal([]byte(v), &op); err != nil {
		panic(fmt.Sprintf("kvpaxos: decoding %q: %v", v, err))
	}
	return op
}

// opRPC is the method clerks call on servers.
const opRPC = rpc.Method[OpArgs, OpReply]("kvpaxos.Op")

// OpArgs carries an operation from a clerk to a server.
type OpArgs struct {
	Op Op
}

// OpReply answers an OpArgs once the operation is in the log and applied:
// Value is what a Get read.
type OpReply struct {
	Value string
}

// END SOLUTION
