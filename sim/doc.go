// Package sim is distlab's deterministic network simulator: one thread, one
// queue of events, a virtual clock, and a seed that decides everything
// random, so that a run can be replayed exactly from its seed.
//
// # The model
//
// A World holds nodes. A node is ordinary Go code behind the Node
// interface: the world calls Start when it boots, and, if the node is also
// a Receiver, Receive for every message that reaches it. Timers
// (Env.After) call back later, in virtual time. All of it runs on one thread, one handler at a time, each to
// completion, so node code needs no locks, and waits for things by keeping
// state and acting when the next message or timer comes:
//
//	type Pinger struct {
//		env  sim.Env
//		peer sim.NodeID
//		got  int
//	}
//
//	func (p *Pinger) Start(env sim.Env) {
//		p.env = env
//		env.Send(p.peer, Ping{N: 1})
//	}
//
//	func (p *Pinger) Receive(env sim.Env, from sim.NodeID, msg any) {
//		switch m := msg.(type) {
//		case Ping:
//			env.Send(from, Pong{N: m.N})
//		case Pong:
//			p.got++
//		}
//	}
//
// A test builds a world, adds nodes from factories, schedules faults, runs
// it, and checks the outcome:
//
//	w, err := sim.New(sim.Options{Seed: 17, Net: sim.NetConfig{
//		Latency: time.Millisecond, Jitter: 5 * time.Millisecond, Loss: 0.1}})
//	a := w.MustAddNode("a", func() sim.Node { return &Pinger{peer: 1} })
//	b := w.MustAddNode("b", func() sim.Node { return &Pinger{peer: 0} })
//	w.At(2*time.Second, func() { w.Crash(b) })
//	w.At(3*time.Second, func() { w.Restart(b) })
//	err = w.Run(10 * time.Second)
//
// Virtual time jumps from one event to the next: ten simulated seconds take
// as long as their events take to handle, never ten seconds. Events are
// ordered by virtual time and, at equal times, by the order in which they
// were scheduled.
//
// # Determinism
//
// The seed decides every random choice through independent streams: one per
// sending node for the network, one per node incarnation for Env.Rand, and
// named streams for test code (World.Rand). A node drawing one more random
// number never changes which messages the network drops. Node code must
// get randomness, time and everything else from its Env: no goroutines, no
// wall clock, no global math/rand, no memory shared with other nodes.
//
// Every event is folded into a 64-bit fingerprint (World.Fingerprint). The
// same seed and code give the same fingerprint in every process.
// CheckDeterminism runs a scenario twice and, if the runs differ, names the
// first event where they did, which finds code that ranges over a map to
// choose whom to message, or reads the clock.
//
// # Messages
//
// Send copies the message, so nodes never share memory, and a duplicated
// message is an independent copy. A message must be able to cross a real
// network: only exported fields, no funcs, channels, unsafe pointers or
// uintptrs, no cycles. Anything else ends the run, the first time it is
// sent, with an error that names the type and the field. Values without
// references (structs of numbers and strings) are not copied at all: an
// interface holding one is already immutable. Size reports a message's
// size in a compact binary encoding.
//
// What the simulator knows about a type (which fields count, whether its
// values refer to other memory, its fixed size, whether it can be sent) is
// worked out once per type, in one table that copying, hashing, sizing,
// formatting and the sharing check below all follow.
//
// A delivered message goes first to the libraries that asked to see
// messages (see Hooks: rpc takes its requests and replies this way), then
// to the node's Receive. A node that is not a Receiver needs none: a
// message nothing takes is counted in Stats.Unhandled and noted in the
// trace, and the run goes on. In the source, a message's way reads in two
// files: net.go from Send onto the network, deliver.go from its arrival to
// the handler.
//
// # Libraries
//
// Env lists what node code calls. A library that runs inside nodes, such
// as rpc, needs two things more: to see messages before Receive, and state
// of its own per incarnation. It gets them from HooksOf(env), an interface
// that every Env supporting libraries implements beside Env, so that the
// library works unchanged on any runtime that implements both.
//
// # Nodes share nothing
//
// Nodes of a distributed system cannot reach each other's memory, and in
// a world they must not either: a run in which two nodes can reach the
// same mutable memory (a pointer, slice, map or channel) ends with a
// PanicError marked as a misuse, whose Value is a SharedMemoryError naming
// the two nodes, a path from each to the memory and its type:
//
//	sim: nodes n1 and n2 share memory: n1.(*paxos.Node).peers and
//	n2.(*paxos.Node).peers reach the same []sim.NodeID; ...
//
// The check walks each running node's state by reflection: its fields,
// unexported ones included, and everything they point to, through
// pointers, slices (their whole capacity), maps and interfaces. It skips
// what the simulator gives each node (its Env, Storage and Timers), values
// that cannot change (strings, values without references, errors.New
// errors, reflect types), memory a test declared its own with
// World.AllowShared, and values of types declared in a test package (a
// test host's pointer to its harness). It runs once the nodes that booted
// have run Start (so a value the factory captured or the harness passed
// to two nodes is caught before any message moves), every
// Options.ShareCheckEvery events (spaced further when the state is large,
// so that it costs a few percent of a run at most), and at the end of
// every Run. Which nodes and paths it names does not depend on addresses
// or map order.
//
// A harness must therefore give each node its own values: a list of peers
// built once and passed to every node is shared memory (pass
// slices.Clone(peers) to each).
//
// What the check cannot see: what a func value captured (a closure's
// variables are not reachable by reflection; a closure that captures the
// node itself is fine, since the node is walked anyway, but state reached
// only through a closure, such as a timer's callback or an rpc handler, is
// not checked), package-level variables (node code that uses a variable
// by name holds no pointer to it, so two nodes deciding whatever a shared
// package-level register holds are not caught at run time: the labs'
// static checker forbids package-level state instead), memory reached only
// between two checks, and elements of a slice beyond its length.
//
// # The network
//
// NetConfig sets latency (a minimum plus a random extra delay, uniform or
// exponential), loss and duplication; reordering follows from random delays.
// World.SetNet changes it at any virtual time. Links can be cut one way
// (Cut), for a node (Isolate), or into groups (Partition), and Heal
// restores them; a message is dropped if its link is cut when it is sent or
// when it arrives. In swarm mode (Options.Swarm) the seed draws the network
// parameters too; NetConfig.String prints what it drew.
//
// # Failures
//
// Crash stops a node: its timers never fire and messages in flight to it
// are dropped. Restart builds a fresh instance from the node's factory,
// keeping only its durable Storage, and calls Start again. Pause and Resume
// freeze a node, delaying its timers and messages, as a long GC pause would.
//
// # Watching a run
//
// Observers (World.Observe) see every event as it happens (sends,
// deliveries, drops, duplicates, timers, crashes, restarts, network
// changes, and custom events nodes report with Env.Emit) and can end the
// run with an error the moment an invariant breaks. Options.Trace writes a
// readable line per event (see World.FormatEvent) for replaying a failure;
// it costs nothing when off.
//
// # Limits
//
// A run never hangs a test. It ends with a LimitError, naming the node
// responsible, when it breaks one of these limits (Options; the defaults
// in brackets):
//
//   - virtual time (MaxTime, an hour) and events in all (MaxEvents, 50
//     million);
//   - events at one virtual instant (MaxInstantEvents, 100,000): a
//     zero-delay timer or message loop;
//   - messages sent by one handler call (MaxSendsPerHandler, 100,000): a
//     send loop;
//   - messages one node has in flight (MaxInFlight, 100,000): a node that
//     floods the network, answering each message with more;
//   - timers one node has waiting (MaxTimers, 100,000): a timer bomb;
//   - events one node causes in a second of virtual time (MaxRate, a
//     million): a steady flood, or a timer loop with a tiny delay;
//   - events waiting in the queue (MaxPending, 10 million), the last
//     resort.
//
// The per-node limits stop each of these runaways within a fraction of a
// second of wall time (see BenchmarkRunaway), and no honest lab run comes
// near them. A panic in a handler ends the run with a PanicError carrying
// the stack. A panic while an observer or the trace looks at an event (the
// observer's own, or one from a String method of a message it prints) ends
// the run too, with a PanicError marked Observer: it is caught in the
// world's frame, so it never unwinds into the node code whose Send or Emit
// made the event, which could recover it and carry on past a broken
// invariant. The trace and error messages show a message whose String
// method panics by its type. A
// handler that does not return within Options.HandlerTimeout of wall time is
// reported by a watchdog as a HangError naming the node, the event, the
// virtual time and the seed, with the stuck goroutine's stack; the rest of
// the test binary carries on.
//
// # Exploration
//
// A seed runs one schedule. Explore runs many: it builds a fresh world
// with a setup function for every schedule (nodes, observers and World.At
// callbacks, as for any run) and chooses each event itself, so that the
// order of events is no longer fixed by virtual time. In every state, the
// enabled events, each a choice, are listed in a canonical order: every
// message in flight (by receiver, sender and sending order), then each
// node's earliest pending timer (a node's own timers fire in the order
// they are due, as on a real clock), World.At callbacks last; then,
// within the budgets of ExploreConfig, losing or duplicating each message,
// crashing each node that is up and restarting each node that is down. Time passes only when a timer fires;
// a message arrives whenever it is chosen. Starts, stopped timers and
// messages that can only be dropped run without a choice. A schedule is
// the list of indexes taken (Choices, printed like "0.1.1.0.0"), and
// Replay runs it again, event for event; every violation Explore reports
// has been replayed to check that it reproduces.
//
// The search is stateless: a world cannot be copied (node state holds
// closures), so each run replays its schedule from the start. BFS finds
// the violation with the fewest choices, DFS goes on in the same world
// with each state's first choice, RandomWalk runs seeded random
// schedules, walk i drawing from a stream of its own. In every state, the
// observers (after every event) and ExploreConfig.Invariant must hold;
// Goal ends the search where it holds, Prune stops it from going on, and
// Sometimes is a property some state should have (ExploreResult.Sometimes:
// a search that never saw one looked at nothing that matters). Bounds:
// MaxDepth choices, MaxStates distinct states, and MaxWall of wall time,
// which the search reads between steps, never in a handler (a search that
// hits it depends on the machine's speed). BFS and RandomWalk run their
// worlds on ExploreConfig.Workers goroutines (every core by default; the
// only goroutines besides the watchdog's, each running whole worlds of its
// own), in chunks, and admit the states the workers reached in the order
// the strategy defines: the same config gives the same search, with the
// same result, whatever the number of workers. DFS runs on one.
//
// A state is identified by a 64-bit hash of every node's instance (every
// field, unexported ones included, maps without regard to order, a Timer
// by whether it is pending, a func by its code), the values libraries keep
// for it (rpc's calls), its Storage, the messages in flight (as a
// multiset, by content) and each node's pending timers (in due order, by
// their code, not their due times), and the faults used. A node's part is
// hashed again only after its own code ran (its Start, a timer, a
// delivery), it crashed or restarted, or a World callback ran: nodes share
// no memory, so nothing else can change it (observers and the search's
// callbacks must only read). A state reached again is not explored again.
// What this can hide: two states whose difference is not hashed (virtual
// time and due times, what closures captured, a node's random stream, and
// the test's own memory that nodes point to: values of types declared in
// test packages below a node's instance, such as a test host's pointer to
// its harness, and memory allowed by World.AllowShared) are explored as
// one, from the first schedule that reached it, and a hash collision
// merges two different states, with a chance of about n²/2⁶⁵ for n states.
// What the search cannot find at all: bugs that need more choices than
// MaxDepth or more faults than the budgets, liveness bugs (it checks
// safety in each state; Sometimes only says a good state exists), and a
// message sent to a node that is down is always lost (it is dropped at
// once).
//
// BenchmarkExplore measures its cost on three nodes that answer each
// other's messages (15,625 states), and labs/election's BenchmarkSearch
// on the election search (three nodes up to term 2, with the lab's safety
// checker), each against the event rate of random runs of the same nodes
// in the same run. On the 2-core machine of the figures, shared with other
// jobs, a state of the election search cost, in CPU time, this many
// events of random runs (-benchtime 3x; before: the explorer without the
// changes below, in the same conditions):
//
//	strategy   before   after (1 worker)   after (2 workers; wall time)
//	BFS        137      140                153 (100)
//	DFS        284      264                -
//	random     53       34                 34 (31)
//
// (BFS with sleep sets, below: 128 and 129 on 1 worker, against 143 and
// 146 for the tree before them, in turns in one session; a tenth less,
// where BenchmarkExplore's nodes, without a Prune, save two fifths.)
//
// The incremental hash (a node hashed again only after its code ran) cut
// random walks by a third; the sharing check left out of every run but
// the first saves a little of each BFS run; two workers cut BFS's wall
// time per state by a quarter on a busy machine. A BFS run also goes on
// from the state it stops at to that state's first child, in the same
// world, so that the next level needs no run of its own for it. That
// takes the events replayed per state of BenchmarkExplore from 157 to
// 131, and the runs of the election search from 17,415 to 15,563 for its
// 10,000 states (3% fewer events); these counts do not depend on the
// machine. Its time per state is within the noise of a busy machine:
// runs one after the other of
// go test ./sim -run '^$' -bench Explore/bfs -benchtime 3x
// gave 219 to 358 events of random runs a state with it, 289 and 434
// without. Going on further, to the first child's first child and so on,
// costs more than it saves: most states a level reaches are repeats,
// whose children are never run. Taking the events of a replayed prefix
// by their sequence numbers, without listing and sorting the enabled
// ones at every step, made no difference that these runs could tell.
//
// BFS also skips schedules that only reorder events that commute (sleep
// sets; ExploreConfig.AllOrders turns them off). Two choices commute when
// each runs the code of one node, different nodes, without moving the
// clock: a delivery, or a node's timer that is already due. Taking them
// in either order reaches the same state, with the same choices listed in
// the same order, so when BFS has taken t from a state before u, it does
// not take t again after u: the state that reaches is the one t then u
// reaches, at the same depth, earlier in BFS's order. A choice stays
// asleep down a schedule while every choice taken commutes with it and
// BFS went on from the state the other order reached (a Prune or a bound
// that stops it there wakes the choice up; so does a repeat, unless its
// state's first visit was on the same level or the one before, where BFS
// keeps what it went on to, matching choices by content). So BFS visits
// every state that it visits without sleep sets, each at its fewest
// choices, and finds the same first violation by the same schedule
// (TestSleepSetsKeepEveryState compares the two on searches that end
// every way a search ends, with and without prunes). What it skips is
// the second order of two commuting events: an observer sees each
// schedule's events in their order, and one whose verdict depends on
// which of two such events came first (a check of one node's event that
// reads another node's state) may miss a violation that only the skipped
// order shows (TestSleepSetsSkipTheSecondOrder has one; the kit's
// -all-orders flag runs a lab's search tests with AllOrders); the
// Invariant, checked in every state, cannot. The labs'
// observers check each node's own states, messages and emits against
// what happened before them, which both orders show alike: their BFS
// search tests catch the same of the 81 election and paxos mutants, by
// the same schedules, either way. DFS
// and random walks take every order.
//
// So a BFS state costs what replaying its schedule from a fresh world
// costs: its visits (2.5 per state in BenchmarkExplore, 4.8 there
// without sleep sets: interleavings of independent events that commute)
// times the events of a replay (about 27), 65 events replayed per state
// (131 without), plus, per run, building the world and running setup,
// and, per visit, hashing the nodes that changed (a fifth of the election
// search's time). In one run of
// go test ./sim -run '^$' -bench 'Explore$' -benchtime 3x
// a BFS state cost 135 events of random runs with sleep sets and 230
// without (bfs-all-orders); the election search test's BFS ran 12,257
// runs and 261k events for its 10,000 states, against 15,563 and 333k
// without sleep sets, and Part A's of labs/paxos 19,515 and 451k against
// 27,051 and 627k (these counts do not depend on the machine). In time a
// search with a Prune gains less than its runs: the election search at
// 50,000 states took 5.4 and 5.6 s of CPU against 5.7 and 5.8 s without
// sleep sets (two runs each), for 0.8 of the runs, since what BFS keeps
// for the schedules still to run (their sleeping choices, and each
// state's children, which those rely on) makes every garbage collection
// longer: 300 MB of peak memory against 247 MB, and 1.4 GB against
// 1.0 GB at 200,000 states. The
// replayed events alone bound the cost from below, at several times the
// target of 10 events a state, whatever the constant factors. Reaching it
// needs what the search does not have: sharing replays between siblings
// (snapshots, which closures in node state prevent) or visiting fewer
// states (persistent sets, which would leave states unchecked that the
// Invariant and the observers must see).
//
// # Shrinking
//
// A world counts its faults as they happen, each by its ordinal: the n-th
// message the network carried (lost, duplicated), the n-th Crash, Pause
// and network change (Partition, Cut, Isolate). World.Faults returns
// them as a FaultPlan; World.SetFaultPlan makes a plan decide them
// instead (a message is lost or duplicated exactly when its ordinal is in
// the plan; a crash, pause or network change not in it does nothing, nor
// does the Restart or Resume that undoes it), and can shorten every
// delay. Random numbers are drawn as without a plan, so a run's own plan
// replays it event for event, and a plan with faults left out runs the
// same seed with fewer. ShrinkFaults delta-debugs a failing run's plans
// (ddmin over the faults, then halving the delays), given a function that
// runs a candidate; the lab kit's -shrink uses it.
//
// # Speed
//
// The queue is a 4-ary heap of pointer-free events; timers and messages
// live in side tables, so the loop allocates nothing per event. Measured
// with
//
//	go test ./sim ./rpc -run '^$' -bench . -benchtime 2s -count 3
//
// on a 2-core AMD EPYC machine: BenchmarkEngine (1,000 nodes re-arming
// timers, the watchdog on) ran 9.3M events/s with 0 allocations per event,
// 1.5x the cost of BenchmarkHeapBaseline (a bare binary-heap pop and push
// of the same events, 14.3M events/s in the same run); BenchmarkPingPong
// (100 nodes, 5% loss, 1-3ms latency, message copying included) delivered
// 4.5M messages/s. BenchmarkCodec measures copying, sizing and formatting
// a message with references; BenchmarkShareCheck the sharing check, about
// half the cost of a bare heap event per value of node state it visits,
// which spacing checks by four events per value keeps to a small part of
// any run; BenchmarkRunaway the wall time each kind of runaway node takes
// to fail its run (0.05s to 1s on a busy 2-core machine).
package sim
