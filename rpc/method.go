package rpc

import (
	"fmt"
	"reflect"
	"time"

	"github.com/distlab/distlab/sim"
)

// Method is a remote procedure: its name, which requests carry on the
// wire, and, in its type, its request type Req and its reply type Rep.
// Declare each method once, beside its request and reply types, and use
// that declaration at both ends:
//
//	const Vote = rpc.Method[VoteArgs, VoteReply]("election.Vote")
//
//	Vote.Handle(env, n.handleVote)    // handleVote(from sim.NodeID, args VoteArgs, reply func(VoteReply))
//	Vote.Call(env, peer, args, timeout, func(r VoteReply, err error) { ... })
//
// A handler or a callback of the wrong type is then a compile error.
//
// A Method is a string: a constant, comparable, with no state of its own,
// so a package can declare its methods as constants. Name methods
// "package.Method", so that the methods of libraries sharing a node (a
// key/value server running Paxos) cannot collide.
type Method[Req, Rep any] string

// Name returns the method's name, as requests carry it and Stats counts
// it.
func (m Method[Req, Rep]) Name() string { return string(m) }

// Handle registers h as the node's handler of method m. It is called from
// Start, on every boot: handlers belong to an incarnation and are gone
// after a crash. Registering m again replaces its handler.
//
// h gets the caller and the request, and a reply function that sends the
// response back. reply may be called inside h or later (after the server
// reached agreement, say); only its first call sends anything, and after
// the server crashes it sends nothing.
//
// Handlers see every request that arrives, duplicates included: rpc does
// not deduplicate. Executing a request at most once is the server's job
// (the labs make it yours).
//
// On one node, a method name stands for one pair of request and reply
// types, and a request type for one method: using a name or a request type
// for two methods, in Handle or Call, ends the run with a misuse error.
func (m Method[Req, Rep]) Handle(env sim.Env, h func(from sim.NodeID, args Req, reply func(Rep))) {
	ep := endpointOf(env)
	ep.use(string(m), reflect.TypeFor[Req](), reflect.TypeFor[Rep]())
	if h == nil {
		sim.Misuse(fmt.Errorf("rpc: Handle of %s with a nil handler", m))
	}
	ep.handlers[string(m)] = func(from sim.NodeID, r Request) {
		args, ok := r.Body.(Req)
		if !ok {
			// The caller declared the method with another request type.
			ep.refuse(from, r, fmt.Sprintf("method %s of node %s takes %v, not %T", m, ep.env.Name(), reflect.TypeFor[Req](), r.Body))
			return
		}
		replied := false
		h(from, args, func(rep Rep) {
			if replied {
				return
			}
			replied = true
			ep.env.Send(from, Response{Epoch: r.Epoch, ID: r.ID, Method: r.Method, Body: rep})
		})
	}
}

// Call sends args to node to and, on the world's thread, later calls done
// exactly once: with the reply, or with an error. The error is ErrTimeout
// if no reply arrived within timeout (virtual time), or wraps ErrNoHandler
// if the server has no handler of m for args. A reply that comes after the
// timeout, a second copy of a reply, and a reply meant for an earlier
// incarnation of this node are dropped.
//
// A call to a node that is down or cut off looks exactly like a lost
// message: it times out. Call never retries; retrying is up to the caller,
// as the examples show.
//
// If this node crashes, its pending calls are forgotten: done is never
// called.
func (m Method[Req, Rep]) Call(env sim.Env, to sim.NodeID, args Req, timeout time.Duration, done func(reply Rep, err error)) {
	ep := endpointOf(env)
	ep.use(string(m), reflect.TypeFor[Req](), reflect.TypeFor[Rep]())
	if done == nil {
		sim.Misuse(fmt.Errorf("rpc: call of %s with a nil callback", m))
	}
	ep.start(to, string(m), args, timeout, func(body any, err error) {
		var rep Rep
		if err != nil {
			done(rep, err)
			return
		}
		if body != nil {
			r, ok := body.(Rep)
			if !ok {
				// The server declared the method with another reply type.
				done(rep, fmt.Errorf("rpc: reply to %s is a %T, want %v", m, body, reflect.TypeFor[Rep]()))
				return
			}
			rep = r
		}
		done(rep, nil)
	})
}
