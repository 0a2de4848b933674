package hashring

import (
	"time"

	"github.com/distlab/distlab/sim"
)

// Settings of the sharded store. Servers and clients must agree on the
// ring, so its virtual nodes are fixed here; the times suit the simulated
// networks of the lab (a few milliseconds per message).
const (
	StoreVirtualNodes = 100                   // virtual nodes per server in a configuration's ring
	CallTimeout       = 50 * time.Millisecond // timeout of every call
	PollInterval      = 20 * time.Millisecond // how often a server asks the controller for the next configuration
	RetryDelay        = 10 * time.Millisecond // pause before trying again after a refusal or a timeout
)

// Member is a storage server of a configuration.
type Member struct {
	Name string     // its node name, which the ring hashes
	ID   sim.NodeID // where its messages go
}

// Config is a numbered configuration of the store: the servers that own
// keys, each key belonging to its owner on the configuration's ring.
type Config struct {
	Num     int      // 1, 2, 3, ... in the order the controller installs them; 0 is the empty configuration before the first
	Members []Member // sorted by name
}

// Ring returns the ring of the configuration's members: weight 1 each,
// StoreVirtualNodes virtual nodes, the Default hash. Every server and
// client builds the same ring from the same configuration.
func (c Config) Ring() *Ring {
	r := New(StoreVirtualNodes, nil)
	for _, m := range c.Members {
		r.Add(m.Name)
	}
	return r
}

// ID returns the node id of the member with the given name.
func (c Config) ID(name string) (sim.NodeID, bool) {
	for _, m := range c.Members {
		if m.Name == name {
			return m.ID, true
		}
	}
	return sim.NoNode, false
}

// Name returns the name of the member with the given node id.
func (c Config) Name(id sim.NodeID) (string, bool) {
	for _, m := range c.Members {
		if m.ID == id {
			return m.Name, true
		}
	}
	return "", false
}
