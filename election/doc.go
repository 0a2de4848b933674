// Package election is leader election the way Raft does it, without the
// log: a cluster of nodes agrees on one leader at a time, through crashes,
// restarts, partitions and a network that loses, delays, duplicates and
// reorders messages.
//
// # Using it
//
// New returns the factory of a cluster's nodes; every node gets the ids of
// all members (its own included) and the same Config:
//
//	ids := []sim.NodeID{0, 1, 2, 3, 4}
//	factory := election.New(ids, election.DefaultConfig())
//	for _, id := range ids {
//		w.MustAddNode(id.String(), factory) // n0, n1, ...
//	}
//
// A Node answers "who leads, in which term, as far as I know" at any
// moment with Status, and emits BecameLeader and SteppedDown (Env.Emit)
// when it starts and stops leading, so that tests can watch it.
//
// # The protocol
//
// Time is cut into terms, numbered 1, 2, 3, ... Each term begins with an
// election and has at most one leader. Every node keeps currentTerm, the
// highest term it has seen, and is in one of three roles:
//
//   - A follower waits. If no heartbeat from a leader of its term arrives
//     within its election timeout, it becomes a candidate.
//   - A candidate moves to the next term, votes for itself, and asks every
//     other node for its vote (VoteArgs). With the votes of a majority
//     (itself included) it becomes leader. If its election timeout runs out
//     first (the votes split), it starts another election in a new term.
//   - A leader sends a heartbeat (HeartbeatArgs) to every other node each
//     HeartbeatInterval, which keeps them from starting elections.
//
// A node votes for at most one candidate per term, the first to ask. Two
// majorities of one cluster share at least one node, so no term can have
// two leaders.
//
// Every message carries its sender's term. A node that sees a higher term
// than its own moves to that term at once, as a follower: a leader or a
// candidate that has fallen behind steps down. A message of a lower term
// comes from a node that has fallen behind: it is refused, and the reply
// tells the sender the current term. A reply to an election the node has
// left (it moved to another term since) counts for nothing.
//
// The election timeout is drawn at random from [ElectionTimeoutMin,
// ElectionTimeoutMax) each time the timer starts. With fixed timeouts,
// nodes that started together would time out together, all vote for
// themselves, and split the votes forever. Random ones spread the nodes
// out, so one of them usually asks before any other does.
//
// currentTerm and votedFor are durable: a node writes them to its
// sim.Storage before anything that depends on them leaves the node (a
// vote, a vote request), and reads them back when it restarts. A node that
// forgot its vote could vote twice in one term, and a term could get two
// leaders; a node that forgot its term could go back to an older term.
//
// # The code
//
// The code follows go.etcd.io/raft: every request and every reply comes in
// through step (step.go), which catches up with a higher term before the
// message's own handler runs, as at the top of raft's Step;
// becomeFollower, becomeCandidate and becomeLeader change roles, and
// resetElectionTimer draws a new timeout (roles.go); handleVote,
// requestVote, handleVoteReply and poll run elections, and majority says
// how many votes win (vote.go, node.go); broadcastHeartbeat and
// handleHeartbeat keep the leader's authority (heartbeat.go); persist and
// load keep the durable state with sim.Save and sim.Load (storage.go).
// Nodes talk only through rpc, and draw their timeouts from Env.Rand, so
// that every run replays exactly from its seed.
package election
