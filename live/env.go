package live

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/distlab/distlab/sim"
)

// The node's sim.Env.

func (n *runtime) ID() sim.NodeID      { return n.cfg.ID }
func (n *runtime) Name() string        { return n.cfg.Name }
func (n *runtime) Incarnation() uint64 { return n.inc }

// Now returns the real time since the node started.
func (n *runtime) Now() time.Duration { return n.clock.now() }

// Send encodes msg at once (so that the node may change it afterwards)
// and queues it for its peer's connection; a message to the node itself
// goes straight to its own queue.
func (n *runtime) Send(to sim.NodeID, msg any) {
	data, err := n.reg.encode(n.cfg.ID, msg)
	if err != nil {
		n.fail(err)
	}
	if to == n.cfg.ID {
		in, err := n.reg.decode(data)
		if err != nil {
			n.fail(err)
		}
		n.local = append(n.local, in)
		return
	}
	n.net.post(to, data)
}

func (n *runtime) After(d time.Duration, fn func()) sim.Timer {
	if d < 0 {
		sim.Misuse(fmt.Errorf("live: timer delay %v is negative", d))
	}
	if fn == nil {
		sim.Misuse(errors.New("live: timer with a nil func"))
	}
	return n.clock.after(d, fn)
}

// Rand returns the node's random stream, seeded by Config.Seed, the node's
// id and its incarnation.
func (n *runtime) Rand() *rand.Rand {
	if n.rng == nil {
		n.rng = rand.New(rand.NewPCG(uint64(n.cfg.Seed), uint64(uint32(n.cfg.ID))<<32|n.inc&0xffffffff))
	}
	return n.rng
}

func (n *runtime) Storage() sim.Storage { return n.store }

func (n *runtime) Emit(v any) {
	n.log.Info("emit", "type", fmt.Sprintf("%T", v), "value", v)
	if n.cfg.OnEmit != nil {
		n.cfg.OnEmit(v)
	}
}

func (n *runtime) Logf(format string, args ...any) {
	n.log.Info(fmt.Sprintf(format, args...))
}

// The node's sim.Hooks.

func (n *runtime) Intercept(fn func(from sim.NodeID, msg any) bool) {
	if fn != nil {
		n.intercept = append(n.intercept, fn)
	}
}

func (n *runtime) Value(key any) any { return n.values[key] }

func (n *runtime) SetValue(key, v any) {
	if n.values == nil {
		n.values = map[any]any{}
	}
	n.values[key] = v
}
