package paxos

import "github.com/distlab/distlab/rpc"

// The messages of single-decree Paxos, and the rpc methods that pair each
// request with its reply: sent with Method.Call and answered by
// Method.Handle handlers. Part A sends them as they are; Part B wraps each in
// a Peer message that names the instance (see PeerPrepareArgs). They are
// part of the API so that the tests can check the protocol on the wire: a
// promise a node made is a promise it keeps, and a ballot a proposer used
// is never used again, not even after a crash.

// The methods of Part A.
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
// promised the ballot, and Accepted and Value are the last proposal it
// accepted (the zero Ballot and "" if none). If not OK, Promised is the
// higher ballot it promised before. If Decided, the acceptor knows the
// decision, Value is it, and the other fields do not matter.
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

// AcceptReply answers an AcceptArgs (phase 2b). If not OK, Promised is
// the higher ballot the acceptor promised.
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
