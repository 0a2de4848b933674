package election

import (
	"errors"
	"time"
)

// Config sets the timing of a node. Every node of a cluster should use the
// same Config.
type Config struct {
	// ElectionTimeoutMin and ElectionTimeoutMax bound the election
	// timeout: a follower or candidate that hears from no leader for a
	// timeout drawn uniformly from [ElectionTimeoutMin,
	// ElectionTimeoutMax) starts an election. The range spreads the
	// nodes' timeouts apart so that one of them usually asks for votes
	// before any other does.
	ElectionTimeoutMin time.Duration
	ElectionTimeoutMax time.Duration

	// HeartbeatInterval is how often a leader sends a heartbeat to each
	// other node. It must be well below ElectionTimeoutMin, or followers
	// start elections against a leader that is alive.
	HeartbeatInterval time.Duration

	// RPCTimeout is how long a node waits for the reply to one of its
	// calls. It is longer than an election timeout: a reply can arrive
	// after its sender has moved on to a later term, and must then be
	// recognized as stale.
	RPCTimeout time.Duration
}

// DefaultConfig returns the timing the lab's tests use: election timeouts
// of 150ms to 300ms, a heartbeat every 50ms, and calls that time out
// after one second.
func DefaultConfig() Config {
	return Config{
		ElectionTimeoutMin: 150 * time.Millisecond,
		ElectionTimeoutMax: 300 * time.Millisecond,
		HeartbeatInterval:  50 * time.Millisecond,
		RPCTimeout:         time.Second,
	}
}

// Validate reports the first setting that makes no sense.
func (c Config) Validate() error {
	switch {
	case c.ElectionTimeoutMin <= 0:
		return errors.New("election: ElectionTimeoutMin must be positive")
	case c.ElectionTimeoutMax <= c.ElectionTimeoutMin:
		return errors.New("election: ElectionTimeoutMax must be above ElectionTimeoutMin")
	case c.HeartbeatInterval <= 0:
		return errors.New("election: HeartbeatInterval must be positive")
	case c.HeartbeatInterval >= c.ElectionTimeoutMin:
		return errors.New("election: HeartbeatInterval must be below ElectionTimeoutMin")
	case c.RPCTimeout <= 0:
		return errors.New("election: RPCTimeout must be positive")
	}
	return nil
}
