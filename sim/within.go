package sim

import (
	"sync/atomic"
	"time"
)

// Within runs f on a goroutine of its own and waits up to d of wall time
// (DefaultHandlerTimeout if d is zero) for it to return. It is the
// watchdog for student code a test calls outside any world, such as a pure
// function of a data structure that could loop forever. If f does not
// return in time, Within returns a *HangError whose Event is what, with
// f's stack, and abandons the goroutine, which spins on until the process
// exits (see Stuck). A panic in f is panicked again in the caller.
func Within(d time.Duration, what string, f func()) error {
	if d == 0 {
		d = DefaultHandlerTimeout
	}
	type result struct {
		done  bool
		panic any
	}
	const (
		running = iota
		finished
		abandoned
	)
	var state atomic.Int32
	ids := make(chan uint64, 1)
	results := make(chan result, 1)
	go func() {
		ids <- goroutineID()
		r := result{}
		defer func() {
			if !r.done {
				r.panic = recover()
			}
			if state.CompareAndSwap(running, finished) {
				results <- r
			} else {
				stuck.Add(-1) // abandoned, and exiting after all
			}
		}()
		f()
		r.done = true
	}()
	id := <-ids
	timer := time.NewTimer(d)
	defer timer.Stop()
	var r result
	select {
	case r = <-results:
	case <-timer.C:
		if state.CompareAndSwap(running, abandoned) {
			stuck.Add(1)
			return &HangError{Event: what, Waited: d, Stack: goroutineStack(id)}
		}
		r = <-results // it finished just now
	}
	if !r.done {
		panic(r.panic)
	}
	return nil
}
