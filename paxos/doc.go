// Package paxos is consensus for distlab's simulated nodes, in two parts:
// single-decree Paxos (Node) and a sequence of Paxos instances with
// forgetting (Peer), in the style of MIT 6.824's Paxos lab. Package
// kvpaxos builds a replicated key/value service on Peer.
//
// # Single-decree Paxos (Part A)
//
// A group of Nodes agrees on one value. Every node plays three roles:
//
//   - an acceptor promises ballots and accepts proposals, and saves what it
//     promised and accepted in its Storage before it replies, so that a
//     crash never makes it go back on its word;
//   - a proposer, once asked to Propose, runs rounds: it picks a ballot
//     higher than any it has seen and unique to itself (a Ballot is a round
//     number and the proposer's node id), asks every node to promise it
//     (phase 1), and on promises from a majority proposes the value of the
//     highest-ballot proposal they report as accepted, or its own value if
//     none did (phase 2); on acceptances from a majority the value is
//     decided. A round that cannot reach a majority ends, and the next one
//     starts after a random backoff drawn from Env.Rand, whose range doubles
//     with each failure, so that dueling proposers spread out until one
//     gets through alone;
//   - a learner records the decision in Storage, reports it (Decided, and a
//     Decision event through Env.Emit), and the proposer that got it decided
//     tells the other nodes, retrying each until it answers.
//
// Any two majorities share a node, and a proposer adopts any value a
// majority may have chosen before it: so two nodes never decide different
// values, and only a proposed value is decided.
//
// # Instances (Part B)
//
// A Peer runs any number of single-decree agreements at once, one per
// instance number (seq), so that a group can agree on a log. The
// application (a test, or a kvpaxos server on the same node) calls Start to
// propose a value for an instance and Status to see whether it is decided.
// When it no longer needs instances up to some seq it calls Done(seq).
// Every message between peers carries the sender's done value and its Min:
// once every peer is done with an instance, each peer forgets it, freeing
// its memory and its storage, and Status reports it Forgotten. Min, the
// lowest instance not forgotten, is durable: it never goes down, not even
// across a restart.
//
// Everything between nodes goes through package rpc: a method per phase
// (rpc.Method, pairing its request and reply types), each answered by a
// handler, so Node has no Receive. A proposer never blocks: it counts
// replies in its own state and acts when a majority has answered, or when
// enough have refused or timed out that it never will.
package paxos
