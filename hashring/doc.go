// Package hashring is consistent hashing: a ring of members with virtual
// nodes and weights, bounded loads, and a sharded key/value store, built on
// it, that runs in distlab's simulator while servers join and leave.
//
// # The ring
//
// Every member of a Ring gets vnodes points per unit of weight, placed by a
// Hash of "name#i". A key belongs to the member of the first point at or
// after the key's own hash, going clockwise and wrapping around past the
// largest position:
//
//	ring := hashring.New(100, nil) // 100 virtual nodes per member, the Default hash
//	ring.Add("s1")
//	ring.Add("s2")
//	ring.AddWeighted("big", 3) // three times the points, about three times the keys
//	owner, err := ring.Owner("user:42")
//	replicas, err := ring.Successors("user:42", 2) // the owner and the next member
//
// When a member joins, the only keys that move are those that now belong to
// it; when a member leaves, only its keys move. Each member holds a share of
// the keys near its weight over the total weight, and virtual nodes make
// that share even: with v virtual nodes a member's share deviates from its
// ideal by about 1/sqrt(v).
//
// Positions must be the same in every process, so the hash is a fixed
// function of the bytes (Default: FNV-1a, then a finalizer that mixes the
// bits), never hash/maphash or map order. Tests inject their own Hash to
// place points by hand, as groupcache's consistenthash does.
//
// # Bounded loads
//
// Plain consistent hashing leaves some members with more keys than others.
// Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam,
// 2017) caps every member at BoundedCap(c, keys, members) =
// ceil(c * keys / members) for a load factor c >= 1, and sends a key whose
// owner is full on clockwise to the first member that is not:
// Ring.AssignBounded.
//
// # The sharded store
//
// A key/value store (Get, Put, Append) whose keys are spread over storage
// servers by the ring. Membership is known through numbered configurations
// (Config): a Controller node installs them at times its Steps give, and
// answers queries for them. Servers move from each configuration to the
// next in order; a server that gains keys fetches them from the members of
// the previous configuration, each of which hands over its keys only once
// it has stopped serving them, so a key is never served by two servers at
// once. Clients (Client) send each operation to the key's owner as far as
// they know, and retry: after ErrNotReady a little later, after
// ErrWrongOwner or a timeout with a fresh configuration. Writes carry a
// per-client sequence number, and the table of the highest one applied per
// client moves with the keys, so a retried write takes effect once.
// Servers save their configurations, their progress in a move, their keys
// and that table with sim.Save before anything that depends on them leaves,
// and load them with sim.Load when they restart, so that a server that
// crashes carries on where it was. Server and Client describe the protocol
// in full.
//
// All of it is node code for the simulator: it gets time, timers and
// messages from its sim.Env and calls other nodes with rpc, runs on one
// thread, and is deterministic, so that a seed replays a run exactly.
package hashring
