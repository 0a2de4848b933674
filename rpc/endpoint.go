package rpc

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/distlab/distlab/sim"
)

// ErrTimeout is the error of a call that got no reply in time: the
// request or the reply was lost, the server is down, cut off, slow, or
// never replied. A caller cannot tell these apart, and neither can a caller
// on a real network.
var ErrTimeout = errors.New("rpc: call timed out")

// ErrNoHandler is the error of a call to a node that has no handler of the
// method, or whose handler takes another request type (the two ends
// declared the method differently).
var ErrNoHandler = errors.New("rpc: no handler")

// endpointKey is the key of a node's endpoint in its hooks.
type endpointKey struct{}

// endpoint is the rpc state of one incarnation of one node: its methods,
// its handlers and its calls waiting for replies. It lives in the node's
// hooks (sim.Hooks), so it is gone when the node crashes, as it would be
// with a real process.
type endpoint struct {
	env      sim.Env
	methods  map[string]signature    // the methods the node handles or calls, by name
	byReq    map[reflect.Type]string // the same, by request type
	handlers map[string]func(from sim.NodeID, req Request)
	pending  map[uint64]*call
	next     uint64
}

// signature is the request and reply types of a method.
type signature struct{ req, rep reflect.Type }

// call is an outstanding call.
type call struct {
	method string
	timer  sim.Timer
	done   func(body any, err error)
}

// endpointOf returns env's endpoint, creating it on first use.
func endpointOf(env sim.Env) *endpoint {
	hooks := sim.HooksOf(env)
	if ep, ok := hooks.Value(endpointKey{}).(*endpoint); ok {
		return ep
	}
	ep := &endpoint{
		env:      env,
		methods:  map[string]signature{},
		byReq:    map[reflect.Type]string{},
		handlers: map[string]func(sim.NodeID, Request){},
		pending:  map[uint64]*call{},
	}
	hooks.SetValue(endpointKey{}, ep)
	hooks.Intercept(ep.receive)
	return ep
}

// use checks that the node uses method name with one request and one
// reply type only, and its request type for no other method.
func (ep *endpoint) use(name string, req, rep reflect.Type) {
	s, ok := ep.methods[name]
	switch {
	case ok && s.req == req && s.rep == rep:
		return
	case name == "":
		sim.Misuse(errors.New("rpc: a method with no name; declare it as rpc.Method[Req, Rep](\"pkg.Name\")"))
	case ok:
		sim.Misuse(fmt.Errorf("rpc: node %s uses method %s with request %v and reply %v, and with request %v and reply %v; a method has one request and one reply type",
			ep.env.Name(), name, s.req, s.rep, req, rep))
	}
	if other, ok := ep.byReq[req]; ok {
		sim.Misuse(fmt.Errorf("rpc: node %s uses request type %v for methods %s and %s; give each method a request type of its own",
			ep.env.Name(), req, other, name))
	}
	ep.methods[name] = signature{req: req, rep: rep}
	ep.byReq[req] = name
}

// receive takes requests and replies off the wire; other messages go on
// to the node's Receive.
func (ep *endpoint) receive(from sim.NodeID, msg any) bool {
	switch m := msg.(type) {
	case Request:
		ep.serve(from, m)
	case Response:
		ep.complete(m)
	default:
		return false
	}
	return true
}

// serve runs the handler of a request, or answers that there is none.
func (ep *endpoint) serve(from sim.NodeID, req Request) {
	h, ok := ep.handlers[req.Method]
	if !ok {
		ep.refuse(from, req, fmt.Sprintf("node %s has no handler for %s", ep.env.Name(), req.Method))
		return
	}
	h(from, req)
}

// refuse answers a request that no handler takes.
func (ep *endpoint) refuse(from sim.NodeID, req Request, why string) {
	ep.env.Send(from, Response{Epoch: req.Epoch, ID: req.ID, Method: req.Method, Err: why})
}

// complete hands a reply to its call. Replies to calls that already ended
// (timed out, or answered by an earlier duplicate) and replies to an
// earlier incarnation of this node are dropped.
func (ep *endpoint) complete(resp Response) {
	if resp.Epoch != ep.env.Incarnation() {
		return
	}
	c, ok := ep.pending[resp.ID]
	if !ok {
		return
	}
	delete(ep.pending, resp.ID)
	c.timer.Stop()
	if resp.Err != "" {
		c.done(nil, fmt.Errorf("%w: %s", ErrNoHandler, resp.Err))
		return
	}
	c.done(resp.Body, nil)
}

// Pending returns how many calls of the node of env are waiting for a
// reply.
func Pending(env sim.Env) int {
	return len(endpointOf(env).pending)
}

// start sends a request and arms its timeout.
func (ep *endpoint) start(to sim.NodeID, method string, body any, timeout time.Duration, done func(any, error)) {
	if timeout <= 0 {
		sim.Misuse(fmt.Errorf("rpc: call of %s to node %d with timeout %v; a call needs a positive timeout", method, to, timeout))
	}
	ep.next++
	id := ep.next
	c := &call{method: method, done: done}
	ep.pending[id] = c
	c.timer = ep.env.After(timeout, func() {
		if ep.pending[id] == c {
			delete(ep.pending, id)
			c.done(nil, ErrTimeout)
		}
	})
	ep.env.Send(to, Request{Epoch: ep.env.Incarnation(), ID: id, Method: method, Body: body})
}
