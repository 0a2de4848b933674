package election

import (
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// The rpc methods of a node: a candidate calls Vote, a leader calls
// Heartbeat.
const (
	Vote      = rpc.Method[VoteArgs, VoteReply]("election.Vote")
	Heartbeat = rpc.Method[HeartbeatArgs, HeartbeatReply]("election.Heartbeat")
)

// VoteArgs is the request of a candidate asking for a vote (Raft's
// RequestVote).
type VoteArgs struct {
	Term      uint64     // the candidate's term: the election it runs
	Candidate sim.NodeID // the candidate
}

// VoteReply answers a VoteArgs.
type VoteReply struct {
	Term    uint64 // the voter's current term, for the candidate to catch up
	Granted bool   // whether the voter gave the candidate its vote in Term
}

// HeartbeatArgs is the request a leader sends every HeartbeatInterval to
// every other node, to say that it is alive and leads Term (Raft's
// AppendEntries, without a log).
type HeartbeatArgs struct {
	Term   uint64     // the leader's term
	Leader sim.NodeID // the leader
}

// HeartbeatReply answers a HeartbeatArgs.
type HeartbeatReply struct {
	Term uint64 // the follower's current term, for a stale leader to catch up
}

// BecameLeader is the custom event (sim.Env.Emit) a node emits when it
// wins the election of Term, right after it became leader.
type BecameLeader struct {
	Term uint64
}

// SteppedDown is the custom event a leader emits when it stops leading,
// right after it became a follower of Term, the higher term it heard of.
type SteppedDown struct {
	Term uint64
}
