package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"

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
	var ok bool
	select {
	case ok = <-ran:
	case <-n.done:
		// The node stopped: after fn, or before it ran.
		select {
		case ok = <-ran:
		default:
		}
	}
	if !ok {
		return ErrStopped
	}
	return nil
}
