package hashring

import (
	"github.com/distlab/distlab/sim"
)

// Client runs operations on the sharded store for the node it lives in.
// It sends each operation to the key's owner in the latest configuration
// it knows, and retries until a server accepts it: after ErrNotReady it
// waits RetryDelay and tries again; after ErrWrongOwner or a timeout it
// asks the controller for the latest configuration (QueryArgs{Num: -1})
// and then tries again, so an operation completes however the members
// change, as long as the controller and the key's owner are reachable in
// the end.
//
// A node runs one operation at a time: it starts the next only once the
// previous one's done has been called. Operations are numbered 1, 2, 3, ...
// (OpArgs.Seq) over the node's whole life; retries of an operation keep
// its number. A node has one Client (servers tell clients apart by node
// id), so the numbering goes on across restarts: a client saves the
// number of an operation (sim.Save) before it sends it, and a Client
// made on a restarted node starts after the last number saved, or its
// writes would be taken for copies of writes already applied.
type Client struct {
	// BEGIN SOLUTION
	// TODO: add your fields: the node's env, the controller, the latest
	// configuration and its ring, and the number of the last operation.
	env        sim.Env
	controller sim.NodeID
	config     Config
	ring       *Ring
	seq        int64
	// END SOLUTION
}

// NewClient returns a client for the node of env, which learns the
// configurations from controller.
func NewClient(env sim.Env, controller sim.NodeID) *Client {
	// BEGIN SOLUTION
	// TODO: make the client. It knows no configuration yet (Num 0), and
	// goes on from the number of the last operation it saved, if any.
	// STUB: return &Client{}
	c := &Client{env: env, controller: controller, ring: Config{}.Ring()}
	sim.Load(env.Storage(), clientSeqKey, &c.seq)
	return c
	// END SOLUTION
}

// Get reads key and calls done with its value ("" if it was never
// written).
func (c *Client) Get(key string, done func(value string)) {
	// BEGIN SOLUTION
	// TODO: run an OpGet (see the Client doc).
	c.do(OpArgs{Kind: OpGet, Key: key}, func(r OpReply) { done(r.Value) })
	// END SOLUTION
}

// Put sets key to value and calls done once the store has done it.
func (c *Client) Put(key, value string, done func()) {
	// BEGIN SOLUTION
	// TODO: run an OpPut (see the Client doc).
	c.do(OpArgs{Kind: OpPut, Key: key, Value: value}, func(OpReply) { done() })
	// END SOLUTION
}

// Append appends value to key's value and calls done once the store has
// done it.
func (c *Client) Append(key, value string, done func()) {
	// BEGIN SOLUTION
	// TODO: run an OpAppend (see the Client doc).
	c.do(OpArgs{Kind: OpAppend, Key: key, Value: value}, func(OpReply) { done() })
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: write the sending and retrying described on Client.

// clientSeqKey is where a client saves the number of its last
// operation.
const clientSeqKey = "hashring-client-seq"

// do numbers an operation, saves its number, and runs it until a server
// accepts it.
func (c *Client) do(args OpArgs, done func(OpReply)) {
	c.seq++
	sim.Save(c.env.Storage(), clientSeqKey, c.seq)
	args.Seq = c.seq
	c.try(args, done)
}

// try sends the operation to the key's owner, as far as c knows.
func (c *Client) try(args OpArgs, done func(OpReply)) {
	owner, err := c.ring.Owner(args.Key)
	if err != nil { // no configuration yet
		c.refresh(func() { c.try(args, done) })
		return
	}
	id, _ := c.config.ID(owner)
	Op.Call(c.env, id, args, CallTimeout, func(r OpReply, err error) {
		switch {
		case err == nil && r.Err == "":
			done(r)
		case err == nil && r.Err == ErrNotReady:
			c.env.After(RetryDelay, func() { c.try(args, done) })
		default: // wrong owner, or no answer: the members may have changed
			c.refresh(func() { c.try(args, done) })
		}
	})
}

// refresh asks the controller for the latest configuration, then calls
// then after RetryDelay, whether or not the controller answered.
func (c *Client) refresh(then func()) {
	Query.Call(c.env, c.controller, QueryArgs{Num: -1}, CallTimeout, func(r QueryReply, err error) {
		if err == nil && r.Config.Num > c.config.Num {
			c.config = r.Config
			c.ring = r.Config.Ring()
		}
		c.env.After(RetryDelay, then)
	})
}

// END SOLUTION
