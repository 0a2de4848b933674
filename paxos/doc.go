// Package paxos is consensus for distlab's simulated nodes, in two parts:
// single-decree Paxos (Node) and a sequence of Paxos instances with
// forgetting (Peer), in the style of MIT 6.824's Paxos lab. Package
// kvpaxos builds a replicated key/value service on Peer.
//
// # One core: a decree
//
// Both parts run the same single-decree Paxos, written once as a decree:
// one agreement as one node sees it, in three roles.
//
//   - An acceptor promises ballots and accepts proposals, and saves what it
//     promised and accepted before it replies, so that a crash never makes
//     it go back on its word.
//   - A proposer, once asked to propose, runs rounds: it picks a ballot
//     higher than any it has seen and unique to itself (a Ballot is a round
//     number and the proposer's node id; the round is saved before it is
//     used, so a restarted node never reuses one; it goes above the
//     highest round used or refused, in any instance, by a random step,
//     so that proposers that start together do not tie every time, a tie
//     going to the higher node id), asks every node to
//     promise it (phase 1), and on promises from a majority proposes the
//     value of the highest-ballot proposal they report as accepted, or its
//     own value if none did (phase 2); on acceptances from a majority the
//     value is decided. A round that cannot reach a majority ends, and the
//     next one starts after a random backoff drawn from Env.Rand, whose
//     range doubles with each failure, so that dueling proposers spread
//     out until one gets through alone.
//   - A learner records the decision durably and reports it. The proposer
//     that learns the decision, from a majority of acceptances or from a
//     reply saying it was decided, tells every other node, retrying each
//     until it answers: so every node of a connected majority in which a
//     node proposes learns the decision, whoever decided it.
//
// Any two majorities share a node, and a proposer adopts any value a
// majority may have chosen before it: so two nodes never decide different
// values, and only a proposed value is decided.
//
// What differs between the parts sits behind the decree's link: how its
// messages travel, where its durable record is stored, and how the
// decision is reported. The messages themselves (PrepareArgs and the
// others) are part of the API, so that the lab's tests can check the
// protocol on the wire.
//
// # Single decree (Part A)
//
// A Node is one decree and its link: it sends the decree's messages as
// they are, stores its record under one key, and emits a Decision event.
//
// # Instances (Part B)
//
// A Peer runs any number of decrees at once, one per instance number
// (seq), so that a group can agree on a log. Each instance's link wraps
// its messages in Peer messages that name the instance. The application (a
// test, or a kvpaxos server on the same node) calls Start to propose a
// value for an instance and Status to see whether it is decided. When it
// no longer needs instances up to some seq it calls Done(seq). Every
// message between peers, request or reply, carries the sender's done value
// and its Min: once every peer is done with an instance, each peer forgets
// it, freeing its memory and its storage, and Status reports it Forgotten.
// A peer never heard from counts as done with nothing. Min, the lowest
// instance not forgotten, is durable: it never goes down, not even across
// a restart.
//
// # Conventions
//
// Everything between nodes goes through package rpc: a method per phase
// (rpc.Method, pairing its request and reply types), each answered by a
// handler, so Node has no Receive. A proposer never blocks: it counts
// replies in its own state and acts when a majority has answered, or when
// enough have refused or timed out that it never will. State is persisted
// with sim.Save and sim.Load. A type that is a sim.Node is made with
// New...(peers) and gets its Env in Start (NewNode, kvpaxos.NewServer); a
// type that lives inside a node is made with New...(env, peers) from the
// node's Start (NewPeer, kvpaxos.NewClerk). majority(n) is the one name
// for the size of a majority of n nodes.
package paxos
