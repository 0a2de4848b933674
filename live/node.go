package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/distlab/distlab/sim"
)

// Run runs one node until ctx is done, and returns nil then; or returns
// the error that stopped the node before (see Start).
func Run(ctx context.Context, cfg Config) error {
	n, err := Start(ctx, cfg)
	if err != nil {
		return err
	}
	return n.Wait()
}

// ErrStopped is the error of Do on a node that has stopped.
var ErrStopped = errors.New("live: the node has stopped")

// Node is a running node.
type Node struct {
	rt   *runtime
	addr net.Addr
	done chan struct{}
	err  error
}

// Start starts one node, which runs until ctx is done or it fails.
//
// Start opens the node's storage in cfg.Dir (a bbolt file, locked while
// the node runs: two nodes cannot share a Dir), counts the incarnation and
// starts listening; an error there is returned at once. Then the node's
// event loop, one goroutine, builds the node with cfg.Factory, calls its
// Start, and from then on runs its handlers one at a time, each to
// completion: timers that come due, messages that arrive, functions given
// to Do.
//
// The node stops when ctx is done, or with an error: a panic in the node's
// code (a sim.Misuse included), a message it sends that cannot be
// encoded, a failed write to its storage. Then it closes its connections
// and its storage, and Wait returns.
func Start(ctx context.Context, cfg Config) (node *Node, err error) {
	if cfg.Listener != nil {
		defer func() {
			if err != nil {
				cfg.Listener.Close()
			}
		}()
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	reg, err := newRegistry(cfg.Types)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("live: %w", err)
	}
	var closers []func() error // in the order of closing
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	logw := cfg.Log
	if logw == nil {
		f, err := os.OpenFile(filepath.Join(cfg.Dir, LogFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, fmt.Errorf("live: %w", err)
		}
		closers = append(closers, f.Close)
		logw = f
	}
	db, err := openStorage(cfg.Dir)
	if err != nil {
		closeAll()
		return nil, err
	}
	closers = append([]func() error{db.Close}, closers...)
	inc, err := nextIncarnation(db)
	if err != nil {
		closeAll()
		return nil, err
	}
	log := slog.New(slog.NewJSONHandler(logw, nil)).With("node", cfg.Name, "inc", inc)
	ln := cfg.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.Peers[cfg.ID]); err != nil {
			closeAll()
			return nil, fmt.Errorf("live: %w", err)
		}
	}
	clk, err := newClock()
	if err != nil {
		ln.Close()
		closeAll()
		return nil, err
	}

	ctx, cancel := context.WithCancel(ctx)
	nw := newNetwork(cfg.ID, cfg.Peers, ln, reg, log)
	rt := &runtime{cfg: cfg, inc: inc, reg: reg, log: log, clock: clk, net: nw, calls: make(chan func())}
	rt.store = &boltStorage{db: db, fail: rt.fail}
	node = &Node{rt: rt, addr: ln.Addr(), done: make(chan struct{})}
	log.Info("start", "addr", ln.Addr().String())
	nw.start(ctx)
	go func() {
		err := rt.loop(ctx)
		cancel()
		nw.wait()
		if err != nil {
			log.Error("stop", "err", err.Error())
		} else {
			log.Info("stop")
		}
		closeAll()
		node.err = err
		close(node.done)
	}()
	return node, nil
}

// Addr returns the address the node listens on.
func (n *Node) Addr() net.Addr { return n.addr }

// Done is closed when the node has stopped and closed its storage.
func (n *Node) Done() <-chan struct{} { return n.done }

// Wait waits for the node to stop and returns the error that stopped it,
// or nil if it stopped because its context was done.
func (n *Node) Wait() error {
	<-n.done
	return n.err
}

// Do runs fn on the node's event loop, between two handlers, with the
// node's Env, and returns when fn has returned: it is how code outside
// the node (a command, a test) drives it, for example by starting an rpc
// call whose callback reports back on a channel. It returns ErrStopped if
// the node stopped first; a panic in fn stops the node, like a panic in a
// handler.
func (n *Node) Do(fn func(env sim.Env)) error {
	ran := make(chan bool, 1) // true if fn returned
	call := func() {
		ok := false
		defer func() { ran <- ok }()
		fn(n.rt)
		ok = true
	}
	select {
	case n.rt.calls <- call:
	case <-n.done:
		return ErrStopped
	}
	select {
	case ok := <-ran:
		if !ok {
			return ErrStopped
		}
		return nil
	case <-n.done:
		return ErrStopped
	}
}

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

// The node's sim.Env.

func (n *runtime) ID() sim.NodeID      { return n.cfg.ID }
func (n *runtime) Name() string        { return n.cfg.Name }
func (n *runtime) Incarnation() uint64 { return n.inc }

// Now returns the real time since the node started.
func (n *runtime) Now() time.Duration { return n.clock.now() }

// Send encodes msg at once (so that the node may change it afterwards)
// and queues it for its peer's connection; a message to the node itself
// goes straight to its own queue.
func (n *runtime) Send(to sim.NodeID, msg any) {
	data, err := n.reg.encode(n.cfg.ID, msg)
	if err != nil {
		n.fail(err)
	}
	if to == n.cfg.ID {
		_, cp, err := n.reg.decode(data)
		if err != nil {
			n.fail(err)
		}
		n.local = append(n.local, inbound{from: to, msg: cp})
		return
	}
	n.net.post(to, data)
}

func (n *runtime) After(d time.Duration, fn func()) sim.Timer {
	if d < 0 {
		sim.Misuse(fmt.Errorf("live: timer delay %v is negative", d))
	}
	if fn == nil {
		sim.Misuse(errors.New("live: timer with a nil func"))
	}
	return n.clock.after(d, fn)
}

// Rand returns the node's random stream, seeded by Config.Seed, the node's
// id and its incarnation.
func (n *runtime) Rand() *rand.Rand {
	if n.rng == nil {
		n.rng = rand.New(rand.NewPCG(uint64(n.cfg.Seed), uint64(uint32(n.cfg.ID))<<32|n.inc&0xffffffff))
	}
	return n.rng
}

func (n *runtime) Storage() sim.Storage { return n.store }

func (n *runtime) Emit(v any) {
	n.log.Info("emit", "type", fmt.Sprintf("%T", v), "value", v)
	if n.cfg.OnEmit != nil {
		n.cfg.OnEmit(v)
	}
}

func (n *runtime) Logf(format string, args ...any) {
	n.log.Info(fmt.Sprintf(format, args...))
}

// The node's sim.Hooks.

func (n *runtime) Intercept(fn func(from sim.NodeID, msg any) bool) {
	if fn != nil {
		n.intercept = append(n.intercept, fn)
	}
}

func (n *runtime) Value(key any) any { return n.values[key] }

func (n *runtime) SetValue(key, v any) {
	if n.values == nil {
		n.values = map[any]any{}
	}
	n.values[key] = v
}
