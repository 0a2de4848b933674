package paxos_test

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/paxos/kvpaxos"
	"github.com/distlab/distlab/sim"
)

// kvCluster is a key/value service under test: servers, and clients that
// run a random workload on a few keys and record every operation in a
// history, in virtual time. Once the workload ends and every client is
// idle, one client reads every key. Clients never crash.
type kvCluster struct {
	w       *sim.World
	servers []sim.NodeID
	clients []sim.NodeID
	keys    []string
	history kit.History

	stopAt     time.Duration         // clients start no operation after this
	inflight   map[int]time.Duration // each busy client's call time
	finalReads bool                  // the final reads were started
	final      map[string]string     // what the final reads returned
	returns    []time.Duration       // return times of every operation
	problems   []string              // broken invariants seen by clients
	decided    map[int]decision      // the first decision of each instance
}

// newKVCluster adds nservers servers (s0, s1, ...) and nclients clients
// (c0, c1, ...) to w; the clients work on keys until virtual time stopAt.
func newKVCluster(w *sim.World, nservers, nclients int, keys []string, stopAt time.Duration) *kvCluster {
	c := &kvCluster{
		w:        w,
		servers:  nextIDs(w, nservers),
		keys:     keys,
		stopAt:   stopAt,
		inflight: map[int]time.Duration{},
		decided:  map[int]decision{},
	}
	for i := range c.servers {
		w.MustAddNode(fmt.Sprintf("s%d", i), func() sim.Node { return kvpaxos.NewServer(slices.Clone(c.servers)) })
	}
	c.clients = nextIDs(w, nclients)
	for i := range nclients {
		w.MustAddNode(fmt.Sprintf("c%d", i), func() sim.Node { return &kvClient{c: c, index: i} })
	}
	c.history.RecordFaults(w)
	w.Observe(c.checkAgreement)
	return c
}

// checkAgreement is the observer of Paxos agreement among the servers.
func (c *kvCluster) checkAgreement(ev sim.Event) error {
	if ev.Kind != sim.KindCustom {
		return nil
	}
	d, ok := ev.Msg.(paxos.InstanceDecision)
	if !ok {
		return nil
	}
	first, ok := c.decided[d.Seq]
	if !ok {
		c.decided[d.Seq] = decision{value: d.Value, node: ev.Node}
		return nil
	}
	if d.Value != first.value {
		return fmt.Errorf("AGREEMENT broken: server %s decided %q for instance %d, but %s decided %q",
			c.w.Name(ev.Node), d.Value, d.Seq, c.w.Name(first.node), first.value)
	}
	return nil
}

// kvClient is a client node: a clerk and a random workload.
type kvClient struct {
	c     *kvCluster
	index int
	env   sim.Env
	ck    *kvpaxos.Clerk
	ops   int // operations started
}

func (cl *kvClient) Start(env sim.Env) {
	cl.env = env
	cl.ck = kvpaxos.NewClerk(env, slices.Clone(cl.c.servers))
	env.After(between(env.Rand(), 0, 10*time.Millisecond), cl.next)
}

func (cl *kvClient) Receive(sim.Env, sim.NodeID, any) {}

// next starts the client's next operation, after a short pause.
func (cl *kvClient) next() {
	if cl.env.Now() >= cl.c.stopAt {
		return
	}
	rng := cl.env.Rand()
	key := cl.c.keys[rng.IntN(len(cl.c.keys))]
	cl.ops++
	token := fmt.Sprintf("%d.%d;", cl.index, cl.ops)
	then := func() { cl.env.After(between(rng, 0, 20*time.Millisecond), cl.next) }
	switch x := rng.IntN(10); {
	case x < 4:
		cl.get(key, func(string) { then() })
	case x < 6:
		cl.put(key, token, then)
	default:
		cl.append(key, token, then)
	}
}

func (cl *kvClient) get(key string, done func(string)) {
	cl.getWith(cl.ck, key, done)
}

// getWith is get through clerk ck.
func (cl *kvClient) getWith(ck *kvpaxos.Clerk, key string, done func(string)) {
	op := cl.call(kit.KVInput{Op: kit.Get, Key: key})
	ck.Get(key, func(v string) {
		cl.ret(op, v)
		cl.c.checkOnce(cl.index, key, v)
		done(v)
	})
}

func (cl *kvClient) put(key, value string, done func()) {
	op := cl.call(kit.KVInput{Op: kit.Put, Key: key, Value: value})
	cl.ck.Put(key, value, func() { cl.ret(op, ""); done() })
}

func (cl *kvClient) append(key, value string, done func()) {
	op := cl.call(kit.KVInput{Op: kit.Append, Key: key, Value: value})
	cl.ck.Append(key, value, func() { cl.ret(op, ""); done() })
}

// call records the call of an operation.
func (cl *kvClient) call(in kit.KVInput) int {
	if _, busy := cl.c.inflight[cl.index]; busy {
		cl.c.problems = append(cl.c.problems, fmt.Sprintf("client c%d started an operation while one was in flight (test bug)", cl.index))
	}
	cl.c.inflight[cl.index] = cl.env.Now()
	return cl.c.history.Call(cl.index, in, cl.env.Now())
}

// ret records the return of an operation.
func (cl *kvClient) ret(op int, value string) {
	delete(cl.c.inflight, cl.index)
	cl.c.history.Return(op, kit.KVOutput{Value: value}, cl.env.Now())
	cl.c.returns = append(cl.c.returns, cl.env.Now())
}

// readAll makes client 0 read every key, one after the other, and record
// the values in c.final.
func (c *kvCluster) readAll() {
	cl, ok := c.w.Node(c.clients[0]).(*kvClient)
	if !ok || c.finalReads {
		return
	}
	c.finalReads = true
	c.final = map[string]string{}
	var read func(i int)
	read = func(i int) {
		if i == len(c.keys) {
			return
		}
		cl.get(c.keys[i], func(v string) {
			c.final[c.keys[i]] = v
			read(i + 1)
		})
	}
	read(0)
}

// checkOnce records a problem if a value a Get returned holds the same
// token twice: a write applied twice.
func (c *kvCluster) checkOnce(client int, key, v string) {
	seen := map[string]bool{}
	for _, tok := range strings.SplitAfter(v, ";") {
		if tok == "" {
			continue
		}
		if seen[tok] {
			c.problems = append(c.problems, fmt.Sprintf("EXACTLY-ONCE broken: Get(%q) by c%d returned %q, in which the append of %q appears twice: an operation was applied twice",
				key, client, v, tok))
			return
		}
		seen[tok] = true
	}
}

// finish runs w until the workload ended, every client is idle and the
// final reads returned, or fails the run at deadline; then it checks the
// history.
func (c *kvCluster) finish(r *kit.Run, deadline time.Duration) {
	r.T().Helper()
	ok, err := c.w.RunUntil(deadline, func() bool {
		if c.w.Now() < c.stopAt || len(c.inflight) > 0 {
			return false
		}
		c.readAll()
		return len(c.final) == len(c.keys)
	})
	r.Check(err)
	c.checkProblems(r)
	if !ok {
		r.Fatalf("LIVENESS broken: %s, with every server up and the network healed since %s at the latest: %s",
			c.stuck(), at(c.stopAt), c.progress())
	}
	c.readThroughEach(r)
	r.CheckKV(&c.history)
}

// readThroughEach makes client 0 read the first key through each server
// it can reach, one after the other, with a clerk that knows that server
// only: every server of the healed cluster serves, including one that
// crashed or fell behind (it catches up on its own). The reads go into
// the history. Each must return within readBound (as long as TestSwarmKV
// gives its final operations: its lossiest networks take seconds).
func (c *kvCluster) readThroughEach(r *kit.Run) {
	const readBound = 30 * time.Second
	r.T().Helper()
	cl, ok := c.w.Node(c.clients[0]).(*kvClient)
	if !ok {
		return
	}
	for _, id := range c.servers {
		if !c.w.Up(id) || !c.w.Linked(cl.env.ID(), id) || !c.w.Linked(id, cl.env.ID()) {
			continue
		}
		ck := kvpaxos.NewClerk(cl.env, []sim.NodeID{id})
		key := c.keys[0]
		done := false
		c.w.At(c.w.Now(), func() { cl.getWith(ck, key, func(string) { done = true }) })
		ok, err := c.w.RunUntil(c.w.Now()+readBound, func() bool { return done })
		r.Check(err)
		c.checkProblems(r)
		if !ok {
			r.Fatalf("LIVENESS broken: with every operation complete, every server up and the network healed, a Get(%q) sent to server %s only did not return within %v: every server serves once it can reach a majority, after a crash or a time cut off too (it catches up on its own)",
				key, c.w.Name(id), readBound)
		}
	}
}

// requireCaughtUp runs w until every server's Paxos peer knows every
// instance it has heard of (Decided, or Forgotten), and fails the run if
// one does not by deadline: with every server up, the network healed and
// no operation in flight, a server that heard of an instance learns the
// value of every instance up to it, on its own, even if no client talks
// to it.
func (c *kvCluster) requireCaughtUp(r *kit.Run, deadline time.Duration) {
	r.T().Helper()
	lagging := func() (sim.NodeID, int) {
		for _, id := range c.servers {
			s := c.server(id)
			if s == nil {
				continue
			}
			px := s.Paxos()
			for seq := px.Min(); seq <= px.Max(); seq++ {
				if fate, _ := px.Status(seq); fate == paxos.Pending {
					return id, seq
				}
			}
		}
		return sim.NoNode, 0
	}
	ok, err := c.w.RunUntil(deadline, func() bool {
		id, _ := lagging()
		return id == sim.NoNode
	})
	r.Check(err)
	if !ok {
		id, seq := lagging()
		px := c.server(id).Paxos()
		r.Fatalf("LIVENESS broken: at %s, with every operation complete, every server up and the network healed, server %s's peer has heard of instances up to %d (its Max; Min %d), but instance %d is still Pending: a server that is behind learns every instance up to the last it heard of, on its own, even when no client talks to it",
			at(deadline), c.w.Name(id), px.Max(), px.Min(), seq)
	}
}

// checkProblems fails the run if a client saw a broken invariant.
func (c *kvCluster) checkProblems(r *kit.Run) {
	r.T().Helper()
	if len(c.problems) > 0 {
		r.Fatalf("%s", c.problems[0])
	}
}

// stuck says which operations did not complete.
func (c *kvCluster) stuck() string {
	if len(c.inflight) == 0 {
		return "the final reads did not complete"
	}
	var parts []string
	for i := range c.clients {
		if t, ok := c.inflight[i]; ok {
			parts = append(parts, fmt.Sprintf("c%d's operation called at %s", i, at(t)))
		}
	}
	return "operations never returned: " + strings.Join(parts, ", ")
}

// progress summarizes the history.
func (c *kvCluster) progress() string {
	return fmt.Sprintf("%d operations called, %d completed", c.history.Len(), c.history.Completed())
}

// requireCompleted fails the run unless at least n operations completed.
func (c *kvCluster) requireCompleted(r *kit.Run, n int) {
	r.T().Helper()
	if got := c.history.Completed(); got < n {
		r.Fatalf("PROGRESS: only %d operations completed (%d called); want at least %d", got, c.history.Len(), n)
	}
}

// completedBetween counts the operations that returned in [from, to).
func (c *kvCluster) completedBetween(from, to time.Duration) int {
	n := 0
	for _, t := range c.returns {
		if t >= from && t < to {
			n++
		}
	}
	return n
}

// server returns the running server of id, or nil.
func (c *kvCluster) server(id sim.NodeID) *kvpaxos.Server {
	s, _ := c.w.Node(id).(*kvpaxos.Server)
	return s
}
