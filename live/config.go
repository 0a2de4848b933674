package live

import (
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/distlab/distlab/sim"
)

// Config is what one live node needs to run.
type Config struct {
	// ID is the node's id; Peers must hold its address.
	ID sim.NodeID
	// Name is the node's name, as Env.Name returns it and the log shows
	// it; the default is ID.String().
	Name string
	// Peers is the address book: every node's host:port, this one's
	// included. A message to a node that is not in it is dropped.
	Peers map[sim.NodeID]string
	// Listener, if set, is where the node takes its peers' connections,
	// instead of listening on Peers[ID] itself (for tests, which let the
	// system choose ports). Run closes it when it returns.
	Listener net.Listener
	// Dir is the node's data directory: its storage and, unless Log is
	// set, its log. It is created if need be. A node restarted on the same
	// Dir finds its storage as it left it.
	Dir string
	// Seed seeds the node's random stream, with the id and incarnation.
	Seed int64
	// Factory builds the node's code; Run calls it once.
	Factory sim.Factory
	// Types lists a value of every type the node sends or receives as a
	// plain message (env.Send, Receive). Types must be able to make a
	// JSON round trip: exported fields, no interfaces, no funcs or
	// channels. rpc calls need nothing listed: a request or reply travels
	// with its type's name and is decoded into the type that the
	// receiving node declared for the method (see rpc.MethodTypes), so a
	// node that talks only through rpc, as the labs' nodes do, leaves
	// Types empty.
	Types []any
	// Log, if set, receives the node's log as JSON lines (log/slog);
	// otherwise it goes to node.log in Dir, appended to.
	Log io.Writer
	// OnEmit, if set, is called with every value the node passes to
	// Env.Emit, on the node's event loop: it must return quickly and must
	// not call into the node.
	OnEmit func(v any)
}

// LogFile is the name of a node's log in its data directory.
const LogFile = "node.log"

func (c *Config) check() error {
	switch {
	case c.Factory == nil:
		return errors.New("live: Config.Factory is nil")
	case c.Dir == "":
		return errors.New("live: Config.Dir is empty")
	}
	if _, ok := c.Peers[c.ID]; !ok && c.Listener == nil {
		return fmt.Errorf("live: Config.Peers has no address for the node itself, %v", c.ID)
	}
	if c.Name == "" {
		c.Name = c.ID.String()
	}
	return nil
}
