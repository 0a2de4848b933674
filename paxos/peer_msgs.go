package paxos

import "github.com/distlab/distlab/rpc"

// The messages of Part B: each is a message of single-decree Paxos (see
// PrepareArgs) for instance Seq, and each carries, both ways, the sender's
// done value (the highest instance its application declared done, -1 if
// none) and its Min, so that done values spread on the protocol's own
// messages, even to peers that never talk to each other.

// The methods of Part B.
const (
	peerPrepareRPC = rpc.Method[PeerPrepareArgs, PeerPrepareReply]("paxos.PeerPrepare")
	peerAcceptRPC  = rpc.Method[PeerAcceptArgs, PeerAcceptReply]("paxos.PeerAccept")
	peerDecideRPC  = rpc.Method[PeerDecideArgs, PeerDecideReply]("paxos.PeerDecide")
)

// PeerPrepareArgs is a PrepareArgs for instance Seq.
type PeerPrepareArgs struct {
	Seq     int
	Prepare PrepareArgs
	Done    int // the sender's done value
	Min     int // the sender's Min: every peer is done below it
}

// PeerPrepareReply answers a PeerPrepareArgs. An acceptor that forgot the
// instance (it is below its Min) refuses: Reply is the zero PrepareReply.
type PeerPrepareReply struct {
	Reply PrepareReply
	Done  int
	Min   int
}

// PeerAcceptArgs is an AcceptArgs for instance Seq.
type PeerAcceptArgs struct {
	Seq    int
	Accept AcceptArgs
	Done   int
	Min    int
}

// PeerAcceptReply answers a PeerAcceptArgs; a forgotten instance is
// refused.
type PeerAcceptReply struct {
	Reply AcceptReply
	Done  int
	Min   int
}

// PeerDecideArgs is a DecideArgs for instance Seq.
type PeerDecideArgs struct {
	Seq    int
	Decide DecideArgs
	Done   int
	Min    int
}

// PeerDecideReply acknowledges a PeerDecideArgs.
type PeerDecideReply struct {
	Done int
	Min  int
}
