package live

import (
	"math"
	"time"

	"github.com/distlab/distlab/sim"
)

// clock schedules a node's timers on real time. sim.Timer can only be made
// by a sim.World, so the clock keeps the node's timers in a world of its
// own, with no nodes, whose virtual time follows the node's real elapsed
// time: After schedules a world callback at now+d and arms a real timer
// that wakes the event loop at that moment, and the loop then runs the
// world up to the current elapsed time, which calls the timers that are
// due, on the loop's goroutine. Stop and Pending on the returned Timer are
// the simulator's own, so a stopped timer never fires.
type clock struct {
	start time.Time
	world *sim.World
	wake  chan struct{} // a real timer came due; capacity 1
}

func newClock() (*clock, error) {
	w, err := sim.New(sim.Options{
		MaxTime:          math.MaxInt64,
		MaxEvents:        math.MaxUint64,
		MaxInstantEvents: math.MaxInt,
		MaxPending:       math.MaxInt,
		MaxRate:          math.MaxInt,
		ShareCheckEvery:  -1,
		HandlerTimeout:   -1, // run callbacks on the event loop's goroutine
	})
	if err != nil {
		return nil, err
	}
	return &clock{start: time.Now(), world: w, wake: make(chan struct{}, 1)}, nil
}

// now returns the real time since the clock started.
func (c *clock) now() time.Duration { return time.Since(c.start) }

// after schedules fn d from now.
func (c *clock) after(d time.Duration, fn func()) sim.Timer {
	at := max(c.now(), c.world.Now()) + d
	t := c.world.At(at, fn)
	time.AfterFunc(d, func() {
		select {
		case c.wake <- struct{}{}:
		default: // the loop has a wake-up pending already
		}
	})
	return t
}

// fire runs the timers that are due. The error is a panic of a timer's
// callback (a *sim.PanicError), after which the clock cannot run again.
func (c *clock) fire() error {
	return c.world.Run(max(c.now(), c.world.Now()))
}
