package live

import (
	"io"
	"net"
	"sync"
)

// Proxy is a TCP relay on loopback for one direction of one link: give a
// node the proxy's address for a peer, instead of the peer's own, and the
// node's messages to that peer pass through it. Cut breaks the link (the
// connections through it are closed and new ones are closed as soon as they
// are accepted), so messages on it are lost, as on a cut network; Heal
// mends it. Partitions need no root and no firewall rules this way.
//
// A node only writes on the connections it dials, so a Proxy cuts messages
// from the node that dials it to its target, and nothing the other way.
type Proxy struct {
	target string
	ln     net.Listener
	wg     sync.WaitGroup

	mu     sync.Mutex
	cut    bool
	closed bool
	conns  map[net.Conn]bool
}

// NewProxy starts a proxy to target on a loopback port of the system's
// choosing.
func NewProxy(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{target: target, ln: ln, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr returns the address the proxy listens on.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Cut breaks the link: it closes the connections through the proxy, and
// closes those it accepts from now on.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for c := range p.conns {
		c.Close()
	}
}

// Heal mends the link: connections are relayed again.
func (p *Proxy) Heal() {
	p.mu.Lock()
	p.cut = false
	p.mu.Unlock()
}

// Close stops the proxy and waits for its goroutines.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

// track records c, or closes it and reports false if the link is cut or
// the proxy closed.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut || p.closed {
		c.Close()
		return false
	}
	p.conns[c] = true
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return // closed
		}
		if !p.track(in) {
			continue
		}
		p.wg.Add(1)
		go p.relay(in)
	}
}

// relay joins one accepted connection to a connection to the target,
// until either end closes or the link is cut.
func (p *Proxy) relay(in net.Conn) {
	defer p.wg.Done()
	defer p.untrack(in)
	out, err := net.DialTimeout("tcp", p.target, dialTimeout)
	if err != nil {
		return
	}
	if !p.track(out) {
		return
	}
	defer p.untrack(out)
	done := make(chan struct{}, 2)
	go func() { io.Copy(out, in); done <- struct{}{} }()
	go func() { io.Copy(in, out); done <- struct{}{} }()
	<-done // one side ended: close both, which ends the other copy
	p.untrack(in)
	p.untrack(out)
	<-done
}
