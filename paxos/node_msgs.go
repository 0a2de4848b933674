package paxos

import "github.com/distlab/distlab/rpc"

// BEGIN SOLUTION
// TODO: the requests and replies of single-decree Paxos (Part A), and the
// rpc methods that pair them (rpc.Method), called with Method.Call and
// answered by Method.Handle handlers. Fields must be exported to cross the
// network.

// The methods of Part A, one per phase.
const (
	prepareRPC = rpc.Method[PrepareArgs, PrepareReply]("paxos.Prepare")
	acceptRPC  = rpc.Method[AcceptArgs, AcceptReply]("paxos.Accept")
	decideRPC  = rpc.Method[DecideArgs, DecideReply]("paxos.Decide")
)

// PrepareArgs asks an acceptor to promise Ballot (phase 1a).
type PrepareArgs struct {
	Ballot Ballot
}

// PrepareReply answers a PrepareArgs (phase 1b). If OK, the acceptor
// promised the ballot and tells what it accepted before, if anything; if
// not, Promised is the higher ballot it promised. If Decided, the acceptor
// knows the decision and Value is it.
type PrepareReply struct {
	OK       bool
	Promised Ballot
	Accepted Ballot
	Value    string
	Decided  bool
}

// AcceptArgs asks an acceptor to accept Value with Ballot (phase 2a).
type AcceptArgs struct {
	Ballot Ballot
	Value  string
}

// AcceptReply answers an AcceptArgs (phase 2b); Promised is the higher
// ballot of a refusal.
type AcceptReply struct {
	OK       bool
	Promised Ballot
}

// DecideArgs tells a learner the decided value.
type DecideArgs struct {
	Value string
}

// DecideReply acknowledges a DecideArgs.
type DecideReply struct{}

// END SOLUTION
