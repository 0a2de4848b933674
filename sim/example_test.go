package sim_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/distlab/distlab/sim"
)

// Ping and Pong are the messages of the ping/pong example. Messages are
// plain structs with exported fields: the world copies them on every send.
type (
	Ping struct {
		N      int
		SentAt time.Duration
	}
	Pong struct {
		N      int
		SentAt time.Duration
	}
)

// Pinger sends a Ping every 10ms and prints each Pong that comes back.
type Pinger struct {
	peer sim.NodeID
	sent int
}

func (p *Pinger) Start(env sim.Env) {
	var tick func()
	tick = func() {
		p.sent++
		env.Send(p.peer, Ping{N: p.sent, SentAt: env.Now()})
		if p.sent < 8 {
			env.After(10*time.Millisecond, tick)
		}
	}
	tick()
}

func (p *Pinger) Receive(env sim.Env, from sim.NodeID, msg any) {
	if m, ok := msg.(Pong); ok {
		rtt := env.Now() - m.SentAt
		fmt.Printf("pong %d after %v\n", m.N, rtt.Round(100*time.Microsecond))
	}
}

// Ponger answers every Ping with a Pong.
type Ponger struct{}

func (Ponger) Start(sim.Env) {}

func (Ponger) Receive(env sim.Env, from sim.NodeID, msg any) {
	if m, ok := msg.(Ping); ok {
		env.Send(from, Pong(m))
	}
}

// A pinger and a ponger over a network that loses a quarter of the
// messages and delays each by 1 to 3ms. The seed decides which messages
// are lost and how late each is: run it again and the same pongs arrive at
// the same virtual times.
func Example_pingPong() {
	w, err := sim.New(sim.Options{
		Seed: 1,
		Net:  sim.NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond, Loss: 0.25},
	})
	if err != nil {
		panic(err)
	}
	w.MustAddNode("pinger", func() sim.Node { return &Pinger{peer: 1} })
	w.MustAddNode("ponger", func() sim.Node { return Ponger{} })
	if err := w.Run(time.Second); err != nil {
		panic(err)
	}
	st := w.Stats()
	fmt.Printf("%d messages sent, %d delivered, %d lost\n", st.Sends, st.Delivered, st.Dropped)
	// Output:
	// pong 2 after 5.7ms
	// pong 4 after 3ms
	// pong 6 after 4.6ms
	// pong 7 after 3.4ms
	// pong 8 after 2.3ms
	// 15 messages sent, 12 delivered, 3 lost
}

// Inc asks a Counter to count one more.
type Inc struct{}

// Counter counts Incs twice: in a field, which a crash loses, and in its
// Storage, which survives crashes.
type Counter struct {
	env   sim.Env
	count int
}

func (c *Counter) Start(env sim.Env) { c.env = env }

func (c *Counter) Receive(env sim.Env, from sim.NodeID, msg any) {
	c.count++
	env.Storage().Put("count", []byte(strconv.Itoa(c.Stored()+1)))
}

// Stored returns the count kept in Storage.
func (c *Counter) Stored() int {
	b, _ := c.env.Storage().Get("count")
	n, _ := strconv.Atoi(string(b))
	return n
}

// Sender sends an Inc to node 0 every 10ms.
type Sender struct{}

func (Sender) Start(env sim.Env) {
	var tick func()
	tick = func() {
		env.Send(0, Inc{})
		env.After(10*time.Millisecond, tick)
	}
	env.After(10*time.Millisecond, tick)
}

// A node crashes and restarts. Restart builds a fresh instance from the
// factory: its fields start from zero, and only its Storage is kept.
// Messages sent to it while it is down are lost.
func Example_crashRestart() {
	w, _ := sim.New(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond}})
	counter := w.MustAddNode("counter", func() sim.Node { return &Counter{} })
	w.MustAddNode("sender", func() sim.Node { return Sender{} })

	show := func(when string) {
		c := w.Node(counter).(*Counter)
		fmt.Printf("%s: incarnation %d, field %d, stored %d\n", when, c.env.Incarnation(), c.count, c.Stored())
	}
	w.At(35*time.Millisecond, func() {
		show("before the crash")
		w.Crash(counter)
		fmt.Println("while down, Node returns", w.Node(counter))
	})
	w.At(55*time.Millisecond, func() { w.Restart(counter) }) // Start runs next, at 55ms
	w.At(56*time.Millisecond, func() { show("after the restart") })
	if err := w.Run(80 * time.Millisecond); err != nil {
		panic(err)
	}
	show("at the end")
	// Output:
	// before the crash: incarnation 1, field 3, stored 3
	// while down, Node returns <nil>
	// after the restart: incarnation 2, field 0, stored 3
	// at the end: incarnation 2, field 2, stored 5
}

// Heartbeat is what the nodes of the partition example broadcast.
type Heartbeat struct{ From string }

// Beater sends a Heartbeat to every other node every 10ms and logs what it
// hears.
type Beater struct {
	n     int
	heard []string
}

func (b *Beater) Start(env sim.Env) {
	var tick func()
	tick = func() {
		for to := range sim.NodeID(b.n) {
			if to != env.ID() {
				env.Send(to, Heartbeat{From: env.Name()})
			}
		}
		env.After(10*time.Millisecond, tick)
	}
	tick()
}

func (b *Beater) Receive(env sim.Env, from sim.NodeID, msg any) {
	b.heard = append(b.heard, fmt.Sprintf("%v:%s", env.Now(), msg.(Heartbeat).From))
}

// A partition scheduled with World.At: from 25ms to 55ms node a cannot
// reach b and c, nor they it; b and c still reach each other.
func Example_partition() {
	w, _ := sim.New(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond}})
	for _, name := range []string{"a", "b", "c"} {
		w.MustAddNode(name, func() sim.Node { return &Beater{n: 3} })
	}
	w.At(25*time.Millisecond, func() { w.Partition([]sim.NodeID{0}, []sim.NodeID{1, 2}) })
	w.At(55*time.Millisecond, w.Heal)
	if err := w.Run(75 * time.Millisecond); err != nil {
		panic(err)
	}
	for _, id := range w.Nodes() {
		fmt.Println(w.Name(id), "heard", w.Node(id).(*Beater).heard)
	}
	fmt.Println("dropped at the cut:", w.Stats().Dropped)
	// Output:
	// a heard [1ms:b 1ms:c 11ms:b 11ms:c 21ms:b 21ms:c 61ms:b 61ms:c 71ms:b 71ms:c]
	// b heard [1ms:a 1ms:c 11ms:a 11ms:c 21ms:a 21ms:c 31ms:c 41ms:c 51ms:c 61ms:a 61ms:c 71ms:a 71ms:c]
	// c heard [1ms:a 1ms:b 11ms:a 11ms:b 21ms:a 21ms:b 31ms:b 41ms:b 51ms:b 61ms:a 61ms:b 71ms:a 71ms:b]
	// dropped at the cut: 12
}

// Elected is what an election node reports, with Env.Emit, when it
// becomes leader.
type Elected struct{ Term int }

// Candidate becomes leader of the terms it is given, at 10ms per term.
type Candidate struct{ terms []int }

func (c *Candidate) Start(env sim.Env) {
	for _, term := range c.terms {
		env.After(time.Duration(term)*10*time.Millisecond, func() { env.Emit(Elected{Term: term}) })
	}
}

// An observer checks an invariant at every event, here that a term has
// at most one leader, and ends the run the moment it breaks, naming the
// event that broke it.
func Example_observer() {
	w, _ := sim.New(sim.Options{Seed: 3})
	w.MustAddNode("a", func() sim.Node { return &Candidate{terms: []int{1, 3}} })
	w.MustAddNode("b", func() sim.Node { return &Candidate{terms: []int{2, 3}} }) // a bug: term 3 again

	leaders := map[int]string{}
	w.Observe(func(ev sim.Event) error {
		e, ok := ev.Msg.(Elected)
		if ev.Kind != sim.KindCustom || !ok {
			return nil
		}
		name := w.Name(ev.Node)
		if other, taken := leaders[e.Term]; taken {
			return fmt.Errorf("term %d has two leaders, %s and %s", e.Term, other, name)
		}
		leaders[e.Term] = name
		return nil
	})

	err := w.Run(time.Second)
	var broken *sim.InvariantError
	if errors.As(err, &broken) {
		fmt.Printf("at %v: %v\n", broken.Time, broken.Err)
		fmt.Println("event:", broken.Event)
	}
	fmt.Println("the run stopped at", w.Now())
	// Output:
	// at 30ms: term 3 has two leaders, a and b
	// event: #10 b custom sim_test.Elected{Term:3}
	// the run stopped at 30ms
}

// Notice is what the Announcer sends.
type Notice struct{ Round int }

// Announcer sends a Notice to each of its peers every millisecond. The bug:
// it ranges over a map, whose order Go changes from run to run, so the
// order of its sends, and so the whole run, changes too.
type Announcer struct{ peers map[sim.NodeID]bool }

func (a *Announcer) Start(env sim.Env) {
	for round := range 20 {
		env.After(time.Duration(round+1)*time.Millisecond, func() {
			for peer := range a.peers {
				env.Send(peer, Notice{Round: round})
			}
		})
	}
}

// SortedAnnouncer is the fix: it sends in the order of its sorted peers.
type SortedAnnouncer struct{ Announcer }

func (a *SortedAnnouncer) Start(env sim.Env) {
	peers := slices.Sorted(func(yield func(sim.NodeID) bool) {
		for p := range a.peers {
			if !yield(p) {
				return
			}
		}
	})
	for round := range 20 {
		env.After(time.Duration(round+1)*time.Millisecond, func() {
			for _, peer := range peers {
				env.Send(peer, Notice{Round: round})
			}
		})
	}
}

// CheckDeterminism runs a scenario twice with the same seed and compares
// the runs event by event. A node that ranges over a map is caught, and
// the error names the first event where the runs differ.
func ExampleCheckDeterminism() {
	scenario := func(fixed bool) func(w *sim.World) error {
		return func(w *sim.World) error {
			w.MustAddNode("announcer", func() sim.Node {
				a := Announcer{peers: map[sim.NodeID]bool{}}
				for id := range sim.NodeID(8) {
					a.peers[id+1] = true
				}
				if fixed {
					return &SortedAnnouncer{a}
				}
				return &a
			})
			for range 8 {
				w.MustAddNode("", func() sim.Node { return Ponger{} })
			}
			return w.Run(time.Second)
		}
	}

	_, err := sim.CheckDeterminism(sim.Options{Seed: 5}, scenario(false))
	var div *sim.DivergenceError
	if errors.As(err, &div) {
		fmt.Println("not deterministic: the runs first differ at a", div.Kind, "by", div.Node)
	}

	fp, err := sim.CheckDeterminism(sim.Options{Seed: 5}, scenario(true))
	fmt.Println("fixed:", err == nil && fp != 0)
	// Output:
	// not deterministic: the runs first differ at a send by announcer
	// fixed: true
}
