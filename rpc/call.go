package rpc

import (
	"fmt"
	"reflect"
	"time"

	"github.com/distlab/distlab/sim"
)

// Handle registers h as the node's handler for requests of type Req. It is
// called from Start, on every boot: handlers belong to an incarnation and
// are gone after a crash.
//
// h gets the caller and the request, and a reply function that sends the
// response back. reply may be called inside h or later (after the server
// reached agreement, say); only its first call sends anything, and after
// the server crashes it sends nothing. Registering a second handler for the
// same type replaces the first.
//
// Handlers see every request that arrives, duplicates included: rpc does
// not deduplicate. Executing a request at most once is the server's job
// (the labs make it yours).
func Handle[Req, Resp any](env sim.Env, h func(from sim.NodeID, req Req, reply func(Resp))) {
	ep := endpointOf(env)
	method := methodName(reflect.TypeFor[Req]())
	ep.handlers[method] = func(from sim.NodeID, r Request) {
		req, ok := r.Body.(Req)
		if !ok {
			// Only a request of another type with the same name (from
			// another package version) could get here.
			return
		}
		replied := false
		h(from, req, func(resp Resp) {
			if replied {
				return
			}
			replied = true
			ep.env.Send(from, Response{Epoch: r.Epoch, ID: r.ID, Method: r.Method, Body: resp})
		})
	}
}

// Call sends req to node to and, on the world's thread, later calls done
// exactly once: with the reply, or with an error. The error is ErrTimeout
// if no reply arrived within timeout (virtual time), or wraps ErrNoHandler
// if the server has no handler for Req. A reply that comes after the
// timeout, a second copy of a reply, and a reply meant for an earlier
// incarnation of this node are dropped.
//
// A call to a node that is down or cut off looks exactly like a lost
// message: it times out. Call never retries; retrying is up to the caller,
// as the examples show.
//
// If this node crashes, its pending calls are forgotten: done is never
// called.
func Call[Req, Resp any](env sim.Env, to sim.NodeID, req Req, timeout time.Duration, done func(resp Resp, err error)) {
	ep := endpointOf(env)
	method := methodName(reflect.TypeFor[Req]())
	if done == nil {
		sim.Misuse(fmt.Errorf("rpc: call of %s with a nil callback", method))
	}
	ep.start(to, method, req, timeout, func(body any, err error) {
		var resp Resp
		if err != nil {
			done(resp, err)
			return
		}
		if body != nil {
			r, ok := body.(Resp)
			if !ok {
				done(resp, fmt.Errorf("rpc: reply to %s is a %T, want %v", method, body, reflect.TypeFor[Resp]()))
				return
			}
			resp = r
		}
		done(resp, nil)
	})
}

func methodNameOf[Req any]() string { return methodName(reflect.TypeFor[Req]()) }
