package paxos_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// durableGuard is what an acceptor's Storage must hold once the handler
// that sent a promise or an acceptance returns: a promise of ballot (at
// least) for instance seq.
type durableGuard struct {
	node   sim.NodeID
	seq    int
	ballot paxos.Ballot
	what   string
	to     sim.NodeID
	at     time.Duration
}

// checkDurable checks, with wire.probe (the worst-moment tests, whose
// crashes come right after such a reply, but after the node's own timers
// of that moment), at the first event after a handler, that each
// promise or acceptance it sent is in the acceptor's Storage: a node
// restarted from it at that moment, asked to promise a low ballot for the
// instance, refuses it naming a ballot at least as high, or says the
// instance is decided or forgotten.
func (c *wire) checkDurable() error {
	if len(c.durable) == 0 {
		return nil
	}
	guards := c.durable
	c.durable = nil
	for _, d := range guards {
		r, ok := c.g.probePrepare(d.node, d.seq, paxos.Ballot{Round: 1, Node: c.g.ids[0]})
		if !ok || r.Decided {
			continue
		}
		promised := r.Promised
		if r.OK {
			promised = paxos.Ballot{Round: 1, Node: c.g.ids[0]}
		}
		if !promised.Less(d.ballot) {
			continue
		}
		return fmt.Errorf("DURABILITY broken: %s sent %s of ballot %v for %s to %s at %s, but when its handler returned its Storage did not hold it: restarted from it then, it answers a prepare of ballot 1.%v with OK=%v, Promised %v (save the record before the handler that replies returns, not in a later timer)",
			c.g.w.Name(d.node), d.what, d.ballot, c.g.what(d.seq), c.g.w.Name(d.to), at(d.at), c.g.ids[0], r.OK, r.Promised)
	}
	return nil
}

// probePrepare starts a copy of node id from its Storage, in an Env of its
// own that nothing else sees, and returns its answer to a prepare of
// ballot b for instance seq: false if it answers none, or the instance is
// below the copy's Min.
func (g *group) probePrepare(id sim.NodeID, seq int, b paxos.Ballot) (paxos.PrepareReply, bool) {
	st := &probeStorage{m: map[string][]byte{}}
	real := g.w.Storage(id)
	for _, k := range real.Keys("") {
		v, _ := real.Get(k)
		st.m[k] = v
	}
	env := &probeEnv{id: id, name: g.w.Name(id), now: g.w.Now(), st: st}
	var req rpc.Request
	switch g.part {
	case partA:
		paxos.NewNode(slices.Clone(g.ids)).Start(env)
		req = rpc.Request{Epoch: 1, ID: 1, Method: "paxos.Prepare", Body: paxos.PrepareArgs{Ballot: b}}
	case partB:
		paxos.NewPeer(env, slices.Clone(g.ids))
		req = rpc.Request{Epoch: 1, ID: 1, Method: "paxos.PeerPrepare",
			Body: paxos.PeerPrepareArgs{Seq: seq, Prepare: paxos.PrepareArgs{Ballot: b}, Done: -1}}
	}
	from := g.ids[0]
	if from == id && len(g.ids) > 1 {
		from = g.ids[1]
	}
	for _, fn := range env.intercept {
		if fn(from, req) {
			break
		}
	}
	for _, m := range env.sent {
		resp, ok := m.(rpc.Response)
		if !ok || resp.ID != 1 {
			continue
		}
		switch r := resp.Body.(type) {
		case paxos.PrepareReply:
			return r, true
		case paxos.PeerPrepareReply:
			if seq < r.Min {
				return paxos.PrepareReply{}, false
			}
			return r.Reply, true
		}
	}
	return paxos.PrepareReply{}, false
}

// probeEnv is the Env of a copy of a node started only to be asked one
// question: its timers never fire, and what it sends goes nowhere but
// sent.
type probeEnv struct {
	id        sim.NodeID
	name      string
	now       time.Duration
	st        *probeStorage
	values    map[any]any
	rng       *rand.Rand
	intercept []func(sim.NodeID, any) bool
	sent      []any
}

func (e *probeEnv) ID() sim.NodeID                          { return e.id }
func (e *probeEnv) Name() string                            { return e.name }
func (e *probeEnv) Incarnation() uint64                     { return 1 }
func (e *probeEnv) Now() time.Duration                      { return e.now }
func (e *probeEnv) Send(_ sim.NodeID, msg any)              { e.sent = append(e.sent, msg) }
func (e *probeEnv) After(time.Duration, func()) sim.Timer   { return sim.Timer{} }
func (e *probeEnv) Storage() sim.Storage                    { return e.st }
func (e *probeEnv) Emit(any)                                {}
func (e *probeEnv) Logf(string, ...any)                     {}
func (e *probeEnv) Value(key any) any                       { return e.values[key] }
func (e *probeEnv) Intercept(fn func(sim.NodeID, any) bool) { e.intercept = append(e.intercept, fn) }

func (e *probeEnv) Rand() *rand.Rand {
	if e.rng == nil {
		e.rng = rand.New(rand.NewPCG(1, 2))
	}
	return e.rng
}

func (e *probeEnv) SetValue(key, v any) {
	if e.values == nil {
		e.values = map[any]any{}
	}
	e.values[key] = v
}

// probeStorage is a copy of a node's Storage.
type probeStorage struct{ m map[string][]byte }

func (s *probeStorage) Get(key string) ([]byte, bool) {
	v, ok := s.m[key]
	return slices.Clone(v), ok
}

func (s *probeStorage) Put(key string, value []byte) { s.m[key] = slices.Clone(value) }

func (s *probeStorage) Delete(key string) { delete(s.m, key) }

func (s *probeStorage) Keys(prefix string) []string {
	var keys []string
	for k := range s.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
