package hashring

import (
	"strconv"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// The rpc methods of the store: servers and clients Query the controller,
// clients call Op on a key's owner, and a server Fetches the keys it gains
// from their previous owners.
const (
	Query = rpc.Method[QueryArgs, QueryReply]("hashring.Query")
	Op    = rpc.Method[OpArgs, OpReply]("hashring.Op")
	Fetch = rpc.Method[FetchArgs, FetchReply]("hashring.Fetch")
)

// QueryArgs asks the controller for configuration Num. A Num that is not
// installed yet (or -1) gets the latest configuration instead.
type QueryArgs struct {
	Num int
}

// QueryReply carries a configuration from the controller.
type QueryReply struct {
	Config Config
}

// OpKind is the kind of a client operation.
type OpKind uint8

const (
	OpGet    OpKind = iota + 1 // read a key ("" if never written)
	OpPut                      // replace a key's value
	OpAppend                   // append to a key's value
)

// String returns "Get", "Put" or "Append", as traces print the kind.
func (k OpKind) String() string {
	switch k {
	case OpGet:
		return "Get"
	case OpPut:
		return "Put"
	case OpAppend:
		return "Append"
	}
	return "OpKind(" + strconv.Itoa(int(k)) + ")"
}

// OpArgs is a client's operation on one key, sent to the key's owner.
type OpArgs struct {
	Kind  OpKind
	Key   string
	Value string // for OpPut and OpAppend
	Seq   int64  // the client's number for the operation: 1, 2, 3, ... over the node's life, restarts included; a retry keeps it
}

// Errors a server replies with, in OpReply.Err and FetchReply.Err. An
// empty Err means success.
const (
	// ErrWrongOwner: the key is not the server's in its configuration.
	ErrWrongOwner = "wrong owner"
	// ErrNotReady: the server owns the key but is still fetching keys
	// for its configuration (OpReply), or has not moved to the asked
	// configuration yet (FetchReply). Try again a little later.
	ErrNotReady = "not ready"
)

// OpReply answers an OpArgs.
type OpReply struct {
	Err   string // "", ErrWrongOwner or ErrNotReady
	Value string // for OpGet
}

// FetchArgs asks a member of configuration Num-1 for the keys it owned
// there that the caller owns in configuration Num.
type FetchArgs struct {
	Num int
}

// FetchReply hands keys over to their new owner.
type FetchReply struct {
	Err     string               // "" or ErrNotReady
	Num     int                  // FetchArgs.Num
	Data    map[string]string    // every key the server owned in Num-1 that the caller owns in Num, with its value
	Applied map[sim.NodeID]int64 // per client, the highest Seq of a Put or Append applied, as far as the server knows
}

// Ready is the event a server reports with env.Emit when it has finished
// moving to configuration Num: it has every key it owns there and serves
// them. Servers that are not members of Num report it too, as soon as they
// have moved to Num. Tests watch for it.
type Ready struct {
	Num int
}
