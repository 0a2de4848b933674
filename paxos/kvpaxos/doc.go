// Package kvpaxos is a replicated key/value service on Paxos (Part C of
// the Paxos lab): Get, Put and Append on string keys and values,
// linearizable, and available whenever a majority of its servers can talk
// to each other.
//
// # Servers
//
// A Server is a simulated node that runs a paxos.Peer and the key/value
// state machine. The Paxos log holds client operations: every operation,
// Get included, is proposed for the next instance, and a server applies
// decided instances strictly in order, one after the other, without
// skipping any. A server that is behind catches up on its own: when its
// peer has heard of a later instance than the next one to apply, the next
// one is decided somewhere (a server proposes for an instance only once it
// applied the one before), so it proposes a no-op there at once, and Paxos
// tells it the value that was decided; when the next instance is under way
// but still undecided here after a while, it proposes a no-op there too
// (which is decided, if nothing else was). It answers a client once the client's operation
// is applied.
//
// Each operation carries its clerk's id and a sequence number. A server
// remembers, for each clerk, the last operation it applied and its result:
// an operation that comes again (a clerk's retry, a duplicate from the
// network) is answered from there, never executed twice.
//
// # Durability and recovery
//
// A server saves, in its Storage, the key/value data, each clerk's last
// operation and its result, and the number of the last instance applied,
// all in the handler that applies the instance (a crash cannot fall in the
// middle of a handler). Its Paxos peer saves its own state (the
// acceptors' promises and acceptances, the decided instances, Min). Once
// an instance is applied and saved, the server calls Done on its peer, so
// the log is forgotten below what every server has applied. A restarted
// server loads its saved state and goes on from the next instance; what it
// missed while it was down, it learns from the other peers.
//
// # Clerks
//
// A Clerk is the client library, used by a client node. It sends an
// operation to a server and, if no answer comes in time, to the next
// server, until one answers; it starts each operation with the server that
// answered the previous one.
package kvpaxos
