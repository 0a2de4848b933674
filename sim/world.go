package sim

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"
)

// World is one simulated run: a set of nodes, the network between them,
// a virtual clock and a queue of events, all driven by one seed.
//
// A World is not safe for concurrent use. Call its methods from the test's
// goroutine between runs, or from the callbacks it runs (World.At
// callbacks and observers), which run on its thread.
type World struct {
	opts Options
	seed int64
	net  NetConfig
	now  time.Duration
	seq  uint64
	q    queue

	nodes      []*node
	names      map[string]NodeID
	timers     []timerSlot
	freeTimers []int32
	msgs       []msgSlot
	freeMsgs   []int32
	links      linkSet
	named      map[string]*rand.Rand

	observers []Observer
	rec       *recorder
	fp        uint64 // running fingerprint
	index     uint64 // events reported
	popped    uint64 // events taken off the queue
	stats     Stats

	err      error      // why the world finished
	hang     *HangError // why the world finished, if a handler got stuck; see watch
	running  bool       // a Run, RunFor or RunUntil is under way
	stopped  bool       // Stop was called during the current run
	lateSeq  uint64     // sequence numbers of resumed events; see Resume
	instant  time.Duration
	instantN int

	// state of the handler that is running, for error reports
	cur   current
	sends int // messages sent by the running handler

	share  shareState // the check that nodes share no memory; see share.go
	faults faultLog   // the faults of the run, and the plan that decides them; see shrink.go

	// pick, when set, chooses the next event instead of the queue's order
	// (exploration; see explore_sched.go).
	pick func() (event, bool)

	// watchdog handshake; see watchdog.go
	state atomic.Uint64
	goid  uint64
}

// current describes the handler that is running.
type current struct {
	node NodeID
	kind Kind
	peer NodeID
	msg  any
	at   time.Duration
}

// Stats counts what happened in a run.
type Stats struct {
	Events     uint64 // events reported (the fingerprint folds each one)
	Sends      uint64 // messages sent by nodes
	Delivered  uint64 // messages delivered, duplicates included
	Dropped    uint64 // messages lost, cut, or sent to a node that was down
	Unhandled  uint64 // messages delivered to a node that is not a Receiver, and that no library took
	Duplicated uint64 // extra copies made by the network
	Timers     uint64 // timer callbacks run
}

// New returns a world configured by opts, with no nodes yet.
func New(opts Options) (*World, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &World{
		opts:  o,
		seed:  o.Seed,
		net:   o.Net,
		names: map[string]NodeID{},
		fp:    mix64(uint64(o.Seed)),
		cur:   current{node: NoNode},
		seq:   firstSeq,
	}, nil
}

// Seed returns the world's seed.
func (w *World) Seed() int64 { return w.seed }

// Now returns the virtual time.
func (w *World) Now() time.Duration { return w.now }

// Net returns the network's current parameters.
func (w *World) Net() NetConfig { return w.net }

// Fingerprint returns the 64-bit hash of every event so far. The same seed
// and code give the same fingerprint in every process.
func (w *World) Fingerprint() uint64 { return w.fp }

// Stats returns the counts of what happened so far.
func (w *World) Stats() Stats {
	s := w.stats
	s.Events = w.index
	return s
}

// Err returns the error that finished the world, or nil.
func (w *World) Err() error {
	if w.hang != nil {
		return w.hang
	}
	return w.err
}

// AddNode adds a node built by factory and schedules its Start at the
// current virtual time. name is how traces print it ("n3" if empty); names
// must be unique.
func (w *World) AddNode(name string, factory Factory) (NodeID, error) {
	if factory == nil {
		return NoNode, w.fail(fmt.Errorf("sim: AddNode(%q) with a nil factory", name))
	}
	id := NodeID(len(w.nodes))
	if name == "" {
		name = id.String()
	}
	if _, dup := w.names[name]; dup {
		return NoNode, w.fail(fmt.Errorf("sim: two nodes named %q", name))
	}
	inst := factory()
	if inst == nil {
		return NoNode, w.fail(fmt.Errorf("sim: factory of node %q returned nil", name))
	}
	n := &node{
		id:        id,
		name:      name,
		factory:   factory,
		store:     newMemStorage(),
		netRand:   newPCG(w.seed, streamNet, uint64(id)),
		instantAt: -1,
	}
	w.nodes = append(w.nodes, n)
	w.names[name] = id
	w.links.grow(len(w.nodes))
	w.boot(n, inst)
	return id, nil
}

// MustAddNode is AddNode for setup code that cannot go wrong: it panics on
// error.
func (w *World) MustAddNode(name string, factory Factory) NodeID {
	id, err := w.AddNode(name, factory)
	if err != nil {
		panic(err)
	}
	return id
}

// Nodes returns the ids of all nodes, in order.
func (w *World) Nodes() []NodeID {
	ids := make([]NodeID, len(w.nodes))
	for i := range ids {
		ids[i] = NodeID(i)
	}
	return ids
}

// Lookup returns the id of the node with the given name.
func (w *World) Lookup(name string) (NodeID, bool) {
	id, ok := w.names[name]
	return id, ok
}

// Name returns the name of node id ("-" for NoNode).
func (w *World) Name(id NodeID) string {
	if id >= 0 && int(id) < len(w.nodes) {
		return w.nodes[id].name
	}
	return id.String()
}

// Node returns the running instance of node id, or nil while it is down,
// so tests can inspect a node's state. Tests must only read it.
func (w *World) Node(id NodeID) Node {
	if !w.valid(id) {
		return nil
	}
	return w.nodes[id].inst
}

// Up reports whether node id is running (paused nodes count as up).
func (w *World) Up(id NodeID) bool { return w.valid(id) && w.nodes[id].up }

// Paused reports whether node id is paused.
func (w *World) Paused(id NodeID) bool { return w.valid(id) && w.nodes[id].paused }

// Storage returns node id's durable storage, for tests to inspect.
func (w *World) Storage(id NodeID) Storage {
	if !w.valid(id) {
		return deadStorage{}
	}
	return w.nodes[id].store
}

// Rand returns the world's random stream with the given name, for test
// code (workloads, fault schedules). Each name is its own stream derived
// from the seed, independent of the network's and the nodes' streams.
func (w *World) Rand(name string) *rand.Rand {
	if w.named == nil {
		w.named = map[string]*rand.Rand{}
	}
	r, ok := w.named[name]
	if !ok {
		r = rand.New(newPCG(w.seed, streamNamed, stringHash(name)))
		w.named[name] = r
	}
	return r
}

func (w *World) valid(id NodeID) bool { return id >= 0 && int(id) < len(w.nodes) }

// checkNode returns an error unless id names a node.
func (w *World) checkNode(op string, id NodeID) error {
	if !w.valid(id) {
		return w.fail(fmt.Errorf("sim: %s: unknown node %d (the world has %d nodes)", op, id, len(w.nodes)))
	}
	return nil
}

// fail finishes the world with err, unless it already failed, and returns
// err.
func (w *World) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	return err
}

// firstSeq is the sequence number before the first event's. The numbers
// below it are for the events a paused node held: Resume schedules them
// ahead of every other event of the same instant, since they are overdue.
const firstSeq = 1 << 62

// push schedules an event, stamping it with the next sequence number.
func (w *World) push(e event) {
	w.seq++
	e.seq = w.seq
	w.q.push(e)
}

// boot makes inst the running instance of n, in a new incarnation, and
// schedules its Start.
func (w *World) boot(n *node, inst Node) {
	n.inc++
	n.up = true
	n.paused = false
	n.inst = inst
	n.recv, _ = inst.(Receiver)
	n.env = &nodeEnv{w: w, n: n, inc: n.inc}
	w.share.started = true
	w.push(event{at: w.now, kind: evStart, node: n.id, inc: n.inc})
}

// At schedules fn to run at virtual time t on the world's thread, for
// test code: "at 2s partition, at 5s heal". Scheduling in the past fails
// the world.
func (w *World) At(t time.Duration, fn func()) Timer {
	if t < w.now {
		w.fail(fmt.Errorf("sim: At(%v) is in the past (now %v)", t, w.now))
		return Timer{}
	}
	if fn == nil {
		w.fail(fmt.Errorf("sim: At(%v) with a nil func", t))
		return Timer{}
	}
	return w.addTimer(t, NoNode, 0, fn)
}

// After schedules fn to run after virtual duration d; see At.
func (w *World) After(d time.Duration, fn func()) Timer {
	if d < 0 {
		w.fail(fmt.Errorf("sim: After(%v) is negative", d))
		return Timer{}
	}
	return w.At(w.now+d, fn)
}
