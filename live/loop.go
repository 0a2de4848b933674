package live

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// runtime is one running node: its Env and Hooks, and its event loop.
type runtime struct {
	cfg   Config
	inc   uint64
	reg   *registry
	log   *slog.Logger
	clock *clock
	net   *network
	store *boltStorage
	rng   *rand.Rand

	inst      sim.Node
	recv      sim.Receiver
	intercept []func(from sim.NodeID, msg any) bool
	values    map[any]any
	calls     chan func() // from Node.Do
	local     []inbound   // messages the node sent itself
	err       error       // what stopped the node, if it failed
}

// loop boots the node and runs its handlers until ctx is done.
func (n *runtime) loop(ctx context.Context) error {
	if err := n.handle("Start", func() {
		n.inst = n.cfg.Factory()
		n.recv, _ = n.inst.(sim.Receiver)
		n.inst.Start(n)
	}); err != nil {
		return err
	}
	for ctx.Err() == nil {
		if len(n.local) > 0 {
			m := n.local[0]
			n.local = n.local[1:]
			if err := n.handle("Receive", func() { n.deliver(m) }); err != nil {
				return err
			}
			continue
		}
		select {
		case <-ctx.Done():
		case <-n.clock.wake:
			if err := n.clock.fire(); err != nil {
				if n.err != nil {
					return n.err
				}
				return fmt.Errorf("live: node %s: %w", n.cfg.Name, err)
			}
		case m := <-n.net.inbox:
			if err := n.handle("Receive", func() { n.deliver(m) }); err != nil {
				return err
			}
		case fn := <-n.calls:
			if err := n.handle("Do", fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// handle runs one handler, turning a panic into the node's error.
func (n *runtime) handle(what string, fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if n.err != nil {
				err = n.err
				return
			}
			if e, ok := r.(error); ok {
				err = fmt.Errorf("live: node %s: panic in %s: %w", n.cfg.Name, what, e)
			} else {
				err = fmt.Errorf("live: node %s: panic in %s: %v", n.cfg.Name, what, r)
			}
		}
	}()
	fn()
	return n.err
}

// fail stops the node with err: the handler that caused it ends here.
func (n *runtime) fail(err error) {
	if n.err == nil {
		n.err = fmt.Errorf("live: node %s: %w", n.cfg.Name, err)
	}
	panic(n.err)
}

// deliver hands a message to the libraries' interceptors, then to the node.
func (n *runtime) deliver(m inbound) {
	if m.kind != kindMsg && !n.rpcBody(&m) {
		return
	}
	for _, fn := range n.intercept {
		if fn(m.from, m.msg) {
			return
		}
	}
	if n.recv == nil {
		n.log.Debug("unhandled message", "from", m.from, "type", fmt.Sprintf("%T", m.msg))
		return
	}
	n.recv.Receive(n, m.from, m.msg)
}

// rpcBody decodes the body of an rpc envelope into the type the node
// declared for its method, as rpc.MethodTypes tells: the request type of
// a request, the reply type of a response. It reports false, and logs
// why, if the message is to be dropped. A request whose body cannot be
// decoded goes on with no body, and rpc refuses it (the caller gets
// rpc.ErrNoHandler, as in the simulator when the two ends declared the
// method differently); a response that cannot is dropped (its call times
// out; it is a reply to a method this incarnation never called, or
// declared differently).
func (n *runtime) rpcBody(m *inbound) bool {
	var method string
	switch e := m.msg.(type) {
	case rpc.Request:
		method = e.Method
	case rpc.Response:
		method = e.Method
	}
	req, rep, ok := rpc.MethodTypes(n, method)
	t := req
	if m.kind == kindResp {
		t = rep
	}
	var body any
	var why string
	switch {
	case m.typ == "":
	case !ok:
		why = "the node neither handles nor calls the method"
	case typeName(t) != m.typ:
		why = fmt.Sprintf("the node's method takes %s", typeName(t))
	default:
		err := n.reg.wireOK(t)
		if err == nil {
			body, err = decodeAs(t, m.typ, m.body)
		}
		if err != nil {
			why = err.Error()
		}
	}
	if why != "" {
		n.log.Warn("an rpc body that cannot be decoded", "from", m.from, "method", method, "type", m.typ, "why", why)
	}
	switch e := m.msg.(type) {
	case rpc.Request:
		e.Body = body
		m.msg = e
	case rpc.Response:
		if why != "" {
			return false
		}
		e.Body = body
		m.msg = e
	}
	return true
}
