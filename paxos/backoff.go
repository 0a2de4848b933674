package paxos

import (
	"math/rand/v2"
	"time"
)

// backoff returns how long to wait before the next attempt, once failures
// attempts have failed: a random duration, drawn from r, whose range
// doubles with every failure, so that proposers that collided spread out
// until one of them gets through alone.
func backoff(r *rand.Rand, failures int) time.Duration {
	// BEGIN SOLUTION
	// TODO: draw a random wait from r, between backoffBase and a limit that
	// doubles with each failure, up to backoffMax.
	// STUB: return backoffBase
	limit := backoffBase << min(failures, 10)
	limit = min(limit, backoffMax)
	return backoffBase + time.Duration(r.Int64N(int64(limit)))
	// END SOLUTION
}
