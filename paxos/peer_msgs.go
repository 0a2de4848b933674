package paxos

import "github.com/distlab/distlab/rpc"

// BEGIN SOLUTION
// TODO: the requests and replies of Peer (Part B): like Part A's, for one
// instance, and each carrying the sender's done value (the highest
// instance its application declared done) and its Min, so that done
// values spread on the protocol's own messages, even to peers that never
// talk to each other.

// The methods of Part B.
const (
	peerPrepareRPC = rpc.Method[PeerPrepareArgs, PeerPrepareReply]("paxos.PeerPrepare")
	peerAcceptRPC  = rpc.Method[PeerAcceptArgs, PeerAcceptReply]("paxos.PeerAccept")
	peerDecideRPC  = rpc.Method[PeerDecideArgs, PeerDecideReply]("paxos.PeerDecide")
)

// PeerPrepareArgs asks an acceptor to promise Ballot for instance Seq.
type PeerPrepareArgs struct {
	Seq    int
	Ballot Ballot
	Done   int // the sender's done value
	Min    int // the sender's Min: every peer is done below it
}

// PeerPrepareReply answers a PeerPrepareArgs; see PrepareReply.
type PeerPrepareReply struct {
	OK       bool
	Promised Ballot
	Accepted Ballot
	Value    string
	Decided  bool
	Done     int // the acceptor's done value
	Min      int // the acceptor's Min
}

// PeerAcceptArgs asks an acceptor to accept Value with Ballot for
// instance Seq.
type PeerAcceptArgs struct {
	Seq    int
	Ballot Ballot
	Value  string
	Done   int
	Min    int
}

// PeerAcceptReply answers a PeerAcceptArgs.
type PeerAcceptReply struct {
	OK       bool
	Promised Ballot
	Done     int
	Min      int
}

// PeerDecideArgs tells a learner the value of instance Seq.
type PeerDecideArgs struct {
	Seq   int
	Value string
	Done  int
	Min   int
}

// PeerDecideReply acknowledges a PeerDecideArgs.
type PeerDecideReply struct {
	Done int
	Min  int
}

// END SOLUTION
