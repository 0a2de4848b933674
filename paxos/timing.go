package paxos

import "time"

// Timing of the protocol, in virtual time. The lab's networks deliver a
// message in a few milliseconds, rarely in tens of milliseconds.
const (
	// callTimeout is how long a proposer waits for a reply before it
	// counts the call as failed.
	callTimeout = 100 * time.Millisecond
	// backoffBase and backoffMax bound the random wait before a proposer
	// tries again after a failed round: it grows from backoffBase, doubling
	// with each failure, up to backoffMax.
	backoffBase = 10 * time.Millisecond
	backoffMax  = 200 * time.Millisecond
)
