package kvpaxos

import "time"

// Timing of the service, in virtual time.
const (
	// tickInterval is how often a server checks its Paxos peer for newly
	// decided instances and proposes what is waiting.
	tickInterval = 5 * time.Millisecond
	// catchUpAfter is how long a server waits for the next instance to be
	// decided, once its peer has heard of it (and of no later one), before
	// it proposes a no-op there to learn what was decided.
	catchUpAfter = 100 * time.Millisecond
	// clerkTimeout is how long a clerk waits for a server's answer before
	// it tries the next server.
	clerkTimeout = 500 * time.Millisecond
)
