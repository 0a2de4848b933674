// Package live runs node code written for the simulator as a real process:
// the same sim.Node, the same rpc calls, unchanged, on the real clock, over
// TCP, with its storage on disk.
//
// A node is started with its id, the address book of the cluster (id to
// host:port), a data directory, a seed, and the sim.Factory that builds
// its code:
//
//	err := live.Run(ctx, live.Config{
//		ID:      0,
//		Peers:   map[sim.NodeID]string{0: "127.0.0.1:7000", 1: "127.0.0.1:7001"},
//		Dir:     "data/n0",
//		Seed:    1,
//		Factory: func() sim.Node { return &Server{} },
//	})
//
// Run returns when ctx is done (nil) or when the node fails (the error).
// Start does the same without waiting, and its Node's Do runs a function on
// the node's event loop, which is how a command or a test drives a client
// node: start a call there, and have its callback report on a channel.
//
// # The runtime
//
// One goroutine per node, its event loop, runs every handler (Start, timer
// callbacks, Receive, rpc handlers and callbacks, functions given to Do)
// one at a time and to completion, as the simulator does, so node code
// needs no locks. The node implements sim.Env and sim.Hooks on one value,
// so rpc works on it as it does in the simulator.
//
//   - Time: Env.Now is the real time since the node started; Env.After
//     arms a real timer whose callback the loop runs when it comes due.
//     The returned sim.Timer's Stop and Pending work as in the simulator: a
//     stopped timer never fires.
//   - Network: each node listens on its address and opens one TCP
//     connection to each peer it sends to, when it first sends. A message
//     travels as a frame: a 4-byte length and a JSON object that names the
//     message's type, so the receiver decodes a value of the same concrete
//     type. An rpc request or reply is decoded into the type the receiving
//     node declared for the method (rpc.MethodTypes), so rpc calls need no
//     list of types: a node that talks only through rpc, as every lab's
//     nodes do, runs with none. A method declared with other types at the
//     two ends fails as in the simulator (a refused request, a dropped
//     reply). Plain messages (env.Send) must have their types listed in
//     Config.Types; a node that sends a type not listed stops with an
//     error naming it, and a received message of a type not listed is
//     dropped and logged. Send encodes the message at once, so changing it
//     afterwards changes nothing that was sent.
//   - Reconnection: a connection is made when there is something to send,
//     and made again, after a backoff that grows from 10ms to 1s, when it
//     breaks or cannot be made. Messages are never queued for later: those
//     sent while a peer cannot be reached, and one being written when its
//     connection broke, are lost. A dial that fails is logged.
//   - Storage: a bbolt file (go.etcd.io/bbolt) in the data directory,
//     chosen for crash safety: a copy-on-write B+tree whose every Put and
//     Delete is a transaction of its own, committed with fsync before it
//     returns, so a crash never leaves a torn write, and what a node saved
//     before it replied is there when it restarts. The file is locked
//     while the node runs. The incarnation count is kept there too, apart
//     from the node's keys: a node restarted on the same directory gets
//     the next one, and its rpc calls from an earlier life are told apart.
//     A failed write stops the node.
//   - Randomness: Env.Rand is seeded with Config.Seed, the node's id and
//     its incarnation.
//   - Log: Env.Logf and Env.Emit write JSON lines (log/slog), with the
//     node's name and incarnation on every line, to Config.Log or to
//     node.log in the data directory; Config.OnEmit also sees emitted
//     values.
//   - Partitions: a Proxy relays one direction of one link and can cut it
//     and heal it; give a node the proxy's address for a peer in its
//     Config.Peers, and no root or firewall rules are needed.
//   - Failures: a panic in node code, sim.Misuse included, stops the node
//     and Run returns it, as a run of the simulator ends with it.
//
// # What differs from the simulator
//
// Time is real, so runs are not reproducible: the seed fixes each node's
// random stream, not the order in which things happen. Messages are lost
// only when a connection breaks or cannot be made (a peer down or
// restarting), never at random, and never duplicated; between two running
// nodes they arrive in the order they were sent. Storage is on disk and
// outlives the process. The simulator's checks are not made: no run
// limits, no watchdog on handlers, no check that two nodes share memory
// (they cannot: each gets its messages decoded afresh). Env.Now counts
// from the node's own start, not from a common origin.
//
// # Speed
//
// BenchmarkRoundTrip makes sequential rpc calls between two live nodes over
// loopback TCP; BenchmarkRoundTripSim makes the same calls in a simulated
// world, its baseline in the same run:
//
//	go test ./live -run '^$' -bench RoundTrip -benchtime 2s -count 3
//
// On a shared 2-core AMD EPYC machine a live call took 76 to 95µs (10k to
// 13k calls/s, one at a time) where a simulated one took 2.2 to 3.2µs of
// wall time: a live call costs about 30 simulated ones. In a CPU profile
// of the live benchmark, half the time is in system calls (the sockets'
// reads and writes) and about a tenth in decoding JSON. Measured again
// once rpc bodies were decoded on the event loop (by the method's types),
// with the machine's load average at 19: 60 to 193µs a live call, 4.0 to
// 4.8µs a simulated one, 13 to 48 times; too noisy to tell a change.
//
// The Paxos key/value service of the labs, reference servers (three
// processes on loopback, started again from the test binary) against the
// same service in the simulator on the lab's LAN (1ms latency, 2ms
// jitter; its figures are in virtual time), the same workload of clerks
// running put, append and get in turn, one operation after the other:
//
//	go test ./live -run '^$' -bench 'KVPaxos(Processes|Sim)' -benchtime 300x -count 3
//	go test ./live -run '^$' -bench KVPaxosRecovery -benchtime 10x -count 3
//	go test ./live -run '^$' -bench StoragePut -benchtime 2s -count 3
//
// On the same shared 2-core machine (load average above 10 from other
// work), over three counts:
//
//	                   live (3 processes)   simulated (virtual)   live/sim
//	1 clerk   ops/s    57 to 71             68                    0.84 to 1.05
//	          p50      10.5 to 11.0ms       14.9ms                0.71 to 0.74
//	          p99      62 to 174ms          16.7ms                3.7 to 10.4
//	4 clerks  ops/s    44 to 61             99                    0.45 to 0.61
//	          p50      29 to 47ms           20.7ms                1.4 to 2.2
//	          p99      237 to 781ms         44.9ms                5.3 to 17
//
// A live operation's median is shorter than a simulated one's, loopback
// being faster than the lab's network; its tail is far longer, and four
// clerks get no more done than one, where the simulated service gets 1.5
// times as much. That is consistent with servers that spend their event
// loop's time in their storage: a Put (a bbolt commit with fsync) took
// 1.2 to 5.7ms (BenchmarkStoragePut), a key/value server makes several
// per operation, and the simulator's storage costs no time.
//
// Recovery: a clerk whose server was killed with SIGKILL (the one that
// answered its previous operation) had its next operation answered 521
// to 598ms after the kill (means of ten kills, per count), most of it the
// clerk's 500ms timeout before it tries the next server.
//
// # Commands
//
// Command cluster (live/cmd/cluster) runs a lab's servers as a local
// cluster of processes, and is a key/value client and a load generator
// for the Paxos lab's service; see its doc and labs/README.md.
//
// # Tests
//
// The tests run nodes on loopback only, on ports the system chooses, with
// data directories that are removed afterwards. Most run nodes in the test
// process; TestKVPaxosAsProcesses runs the Paxos key/value servers as
// processes of their own (the test binary, started again as a server),
// drives three clerks at once from the test process, kills a server with
// SIGKILL and restarts it from its disk, then kills another so that the
// restarted one is needed for a majority. TestPutIsDurableWhenItReturns
// kills a process that writes to its storage without pause and checks
// that the last Put it saw return is there. -short skips both.
// TestKVPaxosLinearizableUnderPartitions puts a Proxy on every link of an
// in-process cluster, cuts each server off in turn while three clerks put,
// append and get on shared keys, and checks the history with porcupine on
// wall-clock call and return times. TestKVPaxosStaleReadAcrossProcesses
// runs servers as processes with a proxy on every link between two of
// them, and forces a read from a server cut off from the others after a
// write it did not see: the reference waits for the links to mend and
// reads the write, and porcupine accepts its history; the
// get_from_local_state mutant of the Paxos lab, built into this test
// binary through an overlay (go test -c -overlay), answers from its stale
// data, and porcupine must reject its history.
// TestKVPaxosProcessesUnderFaults runs servers as processes and three
// clerks, every link through a proxy, for -live.soak (2s unless set: a
// longer soak is -live.soak=1m), while servers are killed with SIGKILL
// and restarted, or cut off with one clerk, one fault at a time; porcupine
// checks the history. -short skips the tests that start processes.
package live
