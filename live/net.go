package live

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/distlab/distlab/sim"
)

// Reconnection and write limits of the network.
const (
	minBackoff   = 10 * time.Millisecond
	maxBackoff   = time.Second
	dialTimeout  = time.Second
	writeTimeout = 2 * time.Second
	queueLen     = 1024 // frames waiting for one peer's connection
	inboxLen     = 1024 // messages waiting for the event loop
)

// inbound is a message taken off the wire, for the event loop: a message
// of a listed type, or an rpc envelope without its body, which is still
// the bytes that came (body, of the type named typ) until the event loop
// decodes it with the types of the node's rpc method.
type inbound struct {
	from sim.NodeID
	msg  any
	kind uint8
	typ  string
	body json.RawMessage
}

// network carries a node's messages over TCP: one connection out to each
// peer, made when there is something to send, and the connections the
// peers made in. A connection only ever carries frames one way.
//
// Messages are lost, never queued for later, when the connection to their
// peer cannot be made or breaks: a frame that was being written when a
// connection broke is gone, and so is every frame sent while the peer
// cannot be reached. After a failed dial the peer is not dialed again
// before a backoff (10ms, doubling to 1s; reset by a connection that
// works), and what is sent to it in the meantime is dropped.
type network struct {
	self  sim.NodeID
	reg   *registry
	log   *slog.Logger
	ln    net.Listener
	inbox chan inbound
	peers map[sim.NodeID]*peer
	wg    sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool // connections to close on stop
}

// peer is the outgoing side towards one node.
type peer struct {
	id   sim.NodeID
	addr string
	out  chan []byte
}

func newNetwork(self sim.NodeID, book map[sim.NodeID]string, ln net.Listener, reg *registry, log *slog.Logger) *network {
	n := &network{self: self, reg: reg, log: log, ln: ln, inbox: make(chan inbound, inboxLen),
		peers: map[sim.NodeID]*peer{}, conns: map[net.Conn]bool{}}
	for id, addr := range book {
		if id != self {
			n.peers[id] = &peer{id: id, addr: addr, out: make(chan []byte, queueLen)}
		}
	}
	return n
}

// start runs the listener and a sender per peer until ctx is done.
func (n *network) start(ctx context.Context) {
	n.wg.Add(1)
	go n.accept(ctx)
	for _, p := range n.peers {
		n.wg.Add(1)
		go n.send(ctx, p)
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		<-ctx.Done()
		n.ln.Close()
		n.mu.Lock()
		for c := range n.conns {
			c.Close()
		}
		n.mu.Unlock()
	}()
}

// wait waits for every goroutine of the network to end, after ctx is done.
func (n *network) wait() { n.wg.Wait() }

// track records c for closing on stop; it reports false, and closes c, if
// the network is stopping.
func (n *network) track(ctx context.Context, c net.Conn) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if ctx.Err() != nil {
		c.Close()
		return false
	}
	n.conns[c] = true
	return true
}

func (n *network) untrack(c net.Conn) {
	n.mu.Lock()
	delete(n.conns, c)
	n.mu.Unlock()
	c.Close()
}

// post queues a frame for node to, or drops it if its queue is full.
func (n *network) post(to sim.NodeID, data []byte) {
	p, ok := n.peers[to]
	if !ok {
		n.log.Warn("send to a node not in the address book", "to", to)
		return
	}
	select {
	case p.out <- data:
	default:
		n.log.Warn("dropped a message: the queue to the peer is full", "to", to)
	}
}

// accept takes the peers' connections.
func (n *network) accept(ctx context.Context) {
	defer n.wg.Done()
	for {
		c, err := n.ln.Accept()
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, net.ErrClosed) {
				n.log.Error("accept", "err", err.Error())
			}
			return
		}
		if !n.track(ctx, c) {
			return
		}
		n.wg.Add(1)
		go n.read(ctx, c)
	}
}

// read decodes the frames of one incoming connection into the inbox.
func (n *network) read(ctx context.Context, c net.Conn) {
	defer n.wg.Done()
	defer n.untrack(c)
	for {
		data, err := readFrame(c)
		if err != nil {
			return // the peer closed, crashed, or the network stops
		}
		in, err := n.reg.decode(data)
		if err != nil {
			n.log.Error("dropped a message", "from", in.from, "err", err.Error())
			continue
		}
		select {
		case n.inbox <- in:
		case <-ctx.Done():
			return
		}
	}
}

// send writes p's frames to its connection, dialing it as needed.
func (n *network) send(ctx context.Context, p *peer) {
	defer n.wg.Done()
	var conn net.Conn
	var retry time.Time
	backoff := minBackoff
	dialer := net.Dialer{Timeout: dialTimeout}
	defer func() {
		if conn != nil {
			n.untrack(conn)
		}
	}()
	for {
		var data []byte
		select {
		case <-ctx.Done():
			return
		case data = <-p.out:
		}
		if conn == nil {
			if time.Now().Before(retry) {
				continue // lost: the peer was unreachable a moment ago
			}
			c, err := dialer.DialContext(ctx, "tcp", p.addr)
			if err != nil {
				if ctx.Err() == nil {
					n.log.Warn("cannot reach a peer: a message is lost", "to", p.id, "err", err.Error(), "retry", backoff.String())
				}
				retry = time.Now().Add(backoff)
				backoff = min(2*backoff, maxBackoff)
				continue // lost
			}
			if !n.track(ctx, c) {
				return
			}
			conn = c
			// Nothing comes back on this connection; reading it notices
			// at once when the peer closes it, so that the next write
			// fails instead of vanishing into a dead socket.
			n.wg.Add(1)
			go func() {
				defer n.wg.Done()
				io.Copy(io.Discard, c)
				c.Close()
			}()
		}
		conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		if err := writeFrame(conn, data); err != nil {
			n.untrack(conn)
			conn = nil // this frame is lost; the next one redials
			continue
		}
		backoff = minBackoff
	}
}
