package sim

import (
	"testing"
	"time"
)

// ticker is the null workload of BenchmarkEngine: a node that re-arms one
// timer forever.
type ticker struct {
	env   Env
	every time.Duration
	fn    func() // t.arm, made once: a method value allocates
}

func (t *ticker) Start(env Env) {
	t.env = env
	t.fn = t.arm
	t.arm()
}

func (t *ticker) arm() { t.env.After(t.every, t.fn) }

// benchNodes is the number of nodes in the engine benchmarks, and so the
// number of events waiting in the queue.
const benchNodes = 1000

// BenchmarkEngine measures the event loop alone: benchNodes nodes each
// re-arming a timer, so every event is a pop, a handler call and a push.
func BenchmarkEngine(b *testing.B) {
	w, err := New(Options{Seed: 1, MaxEvents: 1 << 62})
	if err != nil {
		b.Fatal(err)
	}
	for i := range benchNodes {
		// Co-prime periods keep the queue's order changing.
		every := time.Duration(1000+i*7) * time.Microsecond
		w.MustAddNode("", func() Node { return &ticker{every: every} })
	}
	if err := w.RunFor(time.Second); err != nil { // warm up: every node started
		b.Fatal(err)
	}
	start := w.popped
	b.ReportAllocs()
	b.ResetTimer()
	for w.popped-start < uint64(b.N) {
		if err := w.RunFor(100 * time.Millisecond); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(w.popped-start)/b.Elapsed().Seconds(), "events/s")
}

// binaryHeap is the baseline's heap: a textbook typed binary heap over the
// same event type, with no simulation around it.
type binaryHeap []event

func (h *binaryHeap) push(e event) {
	*h = append(*h, e)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s[i].before(&s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *binaryHeap) pop() event {
	s := *h
	top := s[0]
	n := len(s) - 1
	s[0] = s[n]
	s = s[:n]
	*h = s
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && s[r].before(&s[l]) {
			m = r
		}
		if !s[m].before(&s[i]) {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	return top
}

// BenchmarkHeapBaseline is the floor BenchmarkEngine is measured against:
// a pop and a push per event on a binary heap holding benchNodes events,
// as the engine's queue does, and nothing else.
func BenchmarkHeapBaseline(b *testing.B) {
	h := binaryHeap{}
	var seq uint64
	for i := range benchNodes {
		seq++
		h.push(event{at: time.Duration(1000+i*7) * time.Microsecond, seq: seq, node: NodeID(i)})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		e := h.pop()
		seq++
		e.at += time.Duration(1000+int(e.node)*7) * time.Microsecond
		e.seq = seq
		h.push(e)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// ping is the message of BenchmarkPingPong.
type ping struct {
	Seq  int
	From NodeID
	Hops int
}

// pinger passes every ping on to a random peer, and starts a new one every
// 10ms to make up for those the network loses.
type pinger struct {
	env  Env
	n    int
	seq  int
	tick func()
}

func (p *pinger) Start(env Env) {
	p.env = env
	p.tick = p.fresh
	for range 4 {
		p.fresh()
	}
}

func (p *pinger) fresh() {
	p.seq++
	p.env.Send(NodeID(p.env.Rand().IntN(p.n)), ping{Seq: p.seq, From: p.env.ID()})
	p.env.After(10*time.Millisecond, p.tick)
}

func (p *pinger) Receive(env Env, from NodeID, msg any) {
	m := msg.(ping)
	m.Hops++
	m.From = env.ID()
	env.Send(NodeID(env.Rand().IntN(p.n)), m)
}

// BenchmarkPingPong measures messages end to end: copying, the network's
// random loss and latency, delivery and a handler, with the watchdog on.
func BenchmarkPingPong(b *testing.B) {
	const nodes = 100
	w, err := New(Options{Seed: 1, MaxEvents: 1 << 62,
		Net: NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond, Loss: 0.05}})
	if err != nil {
		b.Fatal(err)
	}
	for range nodes {
		w.MustAddNode("", func() Node { return &pinger{n: nodes} })
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := w.stats.Delivered
	for w.stats.Delivered-start < uint64(b.N) {
		if err := w.RunFor(100 * time.Millisecond); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(w.stats.Delivered-start)/b.Elapsed().Seconds(), "msgs/s")
}
