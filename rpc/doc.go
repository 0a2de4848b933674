// Package rpc gives simulated nodes request/response calls, the way net/rpc
// does for real programs, on virtual time and fully deterministic.
//
// A method pairs a name with a request type and a reply type. Declare it
// once, next to those types, as a constant:
//
//	type EchoArgs struct{ Text string }
//	type EchoReply struct{ Text string }
//
//	const Echo = rpc.Method[EchoArgs, EchoReply]("echo.Echo")
//
// A server registers a handler per method, usually in Start:
//
//	func (s *Server) Start(env sim.Env) {
//		Echo.Handle(env, func(from sim.NodeID, args EchoArgs, reply func(EchoReply)) {
//			reply(EchoReply{Text: args.Text})
//		})
//	}
//
// A client calls it with a timeout, and gets the reply (or an error) in a
// callback that the simulator runs later like any other event:
//
//	Echo.Call(env, server, EchoArgs{Text: "hi"}, 100*time.Millisecond,
//		func(r EchoReply, err error) {
//			if err != nil { // rpc.ErrTimeout: lost, down, cut off or slow
//				return
//			}
//			c.got = r.Text
//		})
//
// A node that talks only through rpc implements sim.Node's Start and
// nothing else: rpc takes its requests and replies off the wire before
// they would reach a Receive (through sim.Hooks, which node code never
// sees).
//
// Callbacks, not blocking calls: a node that needs several replies (a
// majority of promises, say) counts them in its own fields and acts when
// enough have arrived. Nothing ever waits.
//
// # What rpc does and does not do
//
// A call carries an id; its reply is matched to it; every call has a
// timeout in virtual time. A reply that comes after the timeout, a second
// copy of a reply the network duplicated, and a reply to an earlier
// incarnation of a node that crashed and restarted are all dropped. The
// callback runs exactly once per call, unless the caller crashes first.
//
// A call to a node that is down or cut off is indistinguishable from a lost
// message: it times out. A handler may reply at once or keep the reply
// function and call it later, when it knows the answer; only the first
// reply is sent.
//
// rpc does not retry and does not deduplicate. A request can arrive twice
// (the network duplicates it, or the client retries after a lost reply) and
// the handler runs each time. Making an operation execute at most once,
// with client ids and sequence numbers, is part of the labs: it is what a
// replicated service must get right, so it is not hidden here.
//
// Requests and replies are messages like any other: the simulator copies
// them and rejects types that could not cross a real network.
//
// # Counting
//
// Observe installs an observer that counts calls, replies and bytes per
// node and per method, so tests can bound the messages a protocol uses.
//
// # Why methods are typed values
//
// A Method carries its request and reply types in its own type, so a
// handler or a callback of the wrong type is a compile error at the line
// that uses it. That is madsim's pairing (there a request type names its
// reply type); Go has no associated types, so here the pair lives in the
// method's type instead. The alternative, registering handlers by request
// type and inferring each call's reply type from its callback, needs no
// declaration but finds a callback of the wrong reply type only at run
// time, as a failed call; one line per method is a small price for the
// compiler's check. Method is the only way to handle or make a call.
//
// Methods are named by a string, not by a Go type, so that what travels
// (and what traces and Stats show) is the protocol's name, which does not
// change when a type is renamed or moved, and which a runtime over a real
// network can route by. A Method is a string type: a constant with no
// state, so declaring methods at package level adds no mutable state to a
// package. (A rules checker can recognize such a declaration exactly: a
// package-level const or var whose type is an instance of the generic
// type github.com/distlab/distlab/rpc.Method; its value is a string, which
// nothing can change in place.)
//
// Two declarations of one method can still disagree, across packages or
// versions, and rpc checks that at run time. On one node, a name stands
// for one pair of request and reply types and a request type for one
// method: anything else, in Handle or Call, is a misuse that ends the run
// naming both. The second rule costs nothing in the labs and keeps a
// request's type enough to tell its method, in a trace or an observer; it
// also catches a method declared with another method's request type by a
// slip of copy and paste. A server that receives a request of another type than its
// handler's answers with an error that wraps ErrNoHandler, and a caller
// that receives a reply of another type gets an error naming both types.
//
// # Speed
//
// BenchmarkRoundTrip measures completed calls (request out, reply back,
// both copied, callback run), over a network with latency:
//
//	go test ./sim ./rpc -run '^$' -bench . -benchtime 2s -count 3
//
// On a 2-core AMD EPYC machine it completed 0.75M to 0.86M calls/s in a run
// where sim's BenchmarkPingPong delivered 4.5M bare messages/s: a call (two
// messages, a timer, the matching) costs about five and a half bare
// messages. Requests and replies of plain value types are not copied at
// all.
package rpc
