package sim

import (
	"fmt"
	"io"
	"time"
)

// Defaults of the run limits in Options.
const (
	DefaultMaxTime            = time.Hour
	DefaultMaxEvents          = 50_000_000
	DefaultMaxInstantEvents   = 100_000
	DefaultMaxSendsPerHandler = 100_000
	DefaultMaxPending         = 10_000_000
	DefaultMaxInFlight        = 100_000
	DefaultMaxTimers          = 100_000
	DefaultMaxRate            = 1_000_000
	DefaultHandlerTimeout     = 10 * time.Second
)

// Options configure a world. The zero value is a usable world with seed 0,
// a perfect network and the default limits.
type Options struct {
	// Seed chooses every random decision of the run: the network's, each
	// node's Env.Rand, and World.Rand streams. The same seed and the same
	// code give the same run, event for event.
	Seed int64

	// Net is the initial network; World.SetNet changes it later.
	Net NetConfig
	// Swarm makes the seed choose the network too (see SwarmNet),
	// replacing Net. World.Net returns what it chose.
	Swarm bool

	// MaxTime ends a run with a LimitError when an event is due after
	// this virtual time (default DefaultMaxTime).
	MaxTime time.Duration
	// MaxEvents ends a run with a LimitError after this many queued events
	// (default DefaultMaxEvents).
	MaxEvents uint64
	// MaxInstantEvents ends a run when this many events happen at one
	// virtual instant: a zero-delay timer or message loop that would
	// otherwise never let time advance (default DefaultMaxInstantEvents).
	MaxInstantEvents int
	// MaxSendsPerHandler ends a run when one call of a handler sends more
	// messages than this (default DefaultMaxSendsPerHandler).
	MaxSendsPerHandler int
	// MaxPending ends a run when this many events wait in the queue: a
	// node flooding the network (default DefaultMaxPending).
	MaxPending int
	// MaxInFlight ends a run when one node sends a message while it has
	// this many in flight (sent, not yet delivered or dropped; a duplicate
	// counts too): a node that floods the network, answering each message
	// with more (default DefaultMaxInFlight).
	MaxInFlight int
	// MaxTimers ends a run when one node sets a timer while it has this
	// many waiting (set and not yet due; a stopped timer waits until its
	// time, as its memory does): a node arming timers without bound
	// (default DefaultMaxTimers).
	MaxTimers int
	// MaxRate ends a run when one node causes more than this many events
	// (its timers firing, its messages arriving, its starts) in one second
	// of virtual time, counted from each whole second: a node that floods
	// the network at a steady rate, or a timer loop with a tiny delay
	// (default DefaultMaxRate).
	MaxRate int

	// ShareCheckEvery is the least number of events between two checks
	// that no two nodes can reach the same mutable memory; a check also
	// runs once the nodes that booted have run Start, and at the end of
	// every Run. Checks are spaced further apart when nodes' state is large
	// (at least four events per value the last check visited), so that
	// they cost little, except that 1 checks before every event, a slow
	// debugging mode. Negative turns the check off (default
	// DefaultShareCheckEvery). See SharedMemoryError.
	ShareCheckEvery int

	// HandlerTimeout is the wall-clock time one handler may take before the
	// watchdog declares it stuck and the run ends with a HangError
	// (default DefaultHandlerTimeout; negative turns the watchdog off).
	HandlerTimeout time.Duration

	// Trace, if set, receives one line per event as the run goes (see
	// FormatEvent), plus the lines nodes write with Env.Logf.
	Trace io.Writer
	// TraceFilter, if set, chooses which events the trace shows.
	TraceFilter func(Event) bool
}

// withDefaults fills in the zero limits and checks the rest.
func (o Options) withDefaults() (Options, error) {
	if o.MaxTime == 0 {
		o.MaxTime = DefaultMaxTime
	}
	if o.MaxEvents == 0 {
		o.MaxEvents = DefaultMaxEvents
	}
	if o.MaxInstantEvents == 0 {
		o.MaxInstantEvents = DefaultMaxInstantEvents
	}
	if o.MaxSendsPerHandler == 0 {
		o.MaxSendsPerHandler = DefaultMaxSendsPerHandler
	}
	if o.MaxPending == 0 {
		o.MaxPending = DefaultMaxPending
	}
	if o.MaxInFlight == 0 {
		o.MaxInFlight = DefaultMaxInFlight
	}
	if o.MaxTimers == 0 {
		o.MaxTimers = DefaultMaxTimers
	}
	if o.MaxRate == 0 {
		o.MaxRate = DefaultMaxRate
	}
	if o.ShareCheckEvery == 0 {
		o.ShareCheckEvery = DefaultShareCheckEvery
	}
	if o.HandlerTimeout == 0 {
		o.HandlerTimeout = DefaultHandlerTimeout
	}
	switch {
	case o.MaxTime < 0:
		return o, fmt.Errorf("sim: MaxTime %v is negative", o.MaxTime)
	case o.MaxInstantEvents < 0:
		return o, fmt.Errorf("sim: MaxInstantEvents %d is negative", o.MaxInstantEvents)
	case o.MaxSendsPerHandler < 0:
		return o, fmt.Errorf("sim: MaxSendsPerHandler %d is negative", o.MaxSendsPerHandler)
	case o.MaxPending < 0:
		return o, fmt.Errorf("sim: MaxPending %d is negative", o.MaxPending)
	case o.MaxInFlight < 0:
		return o, fmt.Errorf("sim: MaxInFlight %d is negative", o.MaxInFlight)
	case o.MaxTimers < 0:
		return o, fmt.Errorf("sim: MaxTimers %d is negative", o.MaxTimers)
	case o.MaxRate < 0:
		return o, fmt.Errorf("sim: MaxRate %d is negative", o.MaxRate)
	}
	if o.Swarm {
		o.Net = SwarmNet(o.Seed)
	}
	if err := o.Net.Validate(); err != nil {
		return o, err
	}
	return o, nil
}
