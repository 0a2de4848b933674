package sim

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"
)

// errFinished wraps the error of a world that cannot run again.
var errFinished = errors.New("sim: the world has finished")

// Run runs events until virtual time until (events due at until included)
// and then sets the clock to until. It returns the error that ended the
// run early: a panic or a stuck handler in node code, a broken limit, an
// observer's error. A world that returned an error has finished: it cannot
// run again. A world that ran cleanly can: Run(5s) then Run(10s) is one run
// from 0 to 10s.
func (w *World) Run(until time.Duration) error {
	if err := w.runnable(); err != nil {
		return err
	}
	if until < w.now {
		return w.fail(fmt.Errorf("sim: Run(%v) is before the current time %v", until, w.now))
	}
	_, err := w.run(until, nil)
	return err
}

// RunFor runs for virtual duration d from now; see Run.
func (w *World) RunFor(d time.Duration) error {
	if d < 0 {
		return w.fail(fmt.Errorf("sim: RunFor(%v) is negative", d))
	}
	return w.Run(w.now + d)
}

// RunUntil runs until cond returns true or virtual time reaches deadline,
// whichever comes first, and reports whether cond held. cond is checked
// before the first event and after each one, so the clock stops at the
// event that made it true; if cond never held, the clock ends at deadline,
// as with Run.
func (w *World) RunUntil(deadline time.Duration, cond func() bool) (bool, error) {
	if err := w.runnable(); err != nil {
		return false, err
	}
	if cond == nil {
		return false, w.fail(errors.New("sim: RunUntil with a nil condition"))
	}
	if deadline < w.now {
		return false, w.fail(fmt.Errorf("sim: RunUntil(%v) is before the current time %v", deadline, w.now))
	}
	return w.run(deadline, cond)
}

// Stop ends the current run after the event being handled, without error.
// It is for observers and World.At callbacks; the world can run again.
func (w *World) Stop() { w.stopped = true }

func (w *World) runnable() error {
	if w.hang != nil {
		return fmt.Errorf("%w: %w", errFinished, w.hang)
	}
	if w.err != nil {
		return fmt.Errorf("%w: %w", errFinished, w.err)
	}
	if w.running {
		return w.fail(errors.New("sim: Run called while the world is running (from an observer or a World.At callback?)"))
	}
	return nil
}

// run runs the event loop, under the watchdog unless it is turned off.
func (w *World) run(until time.Duration, cond func() bool) (bool, error) {
	w.stopped = false
	w.running = true
	var met bool
	if w.opts.HandlerTimeout < 0 {
		defer func() { w.running = false }() // also when a handler calls runtime.Goexit
		met = w.loop(until, cond)
	} else {
		met = w.watch(until, cond)
		if w.hang != nil {
			return false, w.hang // the stuck goroutine may still hold the world
		}
	}
	w.running = false
	return met, w.err
}

// loop takes events off the queue and handles them until the run ends. A
// panic anywhere below ends the run with a PanicError.
func (w *World) loop(until time.Duration, cond func() bool) (met bool) {
	defer func() {
		if r := recover(); r != nil {
			w.recovered(r, debug.Stack())
		}
	}()
	for w.err == nil && !w.stopped {
		if cond != nil && cond() {
			w.checkSharingAtEnd()
			return true
		}
		var e event
		if w.pick != nil {
			// Exploration: the explorer's scheduler chooses the event
			// (see explore_sched.go); it ends the run by returning false.
			var ok bool
			if e, ok = w.pick(); !ok {
				w.stopped = true
				break
			}
		} else {
			if w.q.len() == 0 || w.q.peek().at > until {
				break
			}
			e = w.q.pop()
		}
		if w.shareDue(&e) {
			if err := w.checkSharing(); err != nil {
				w.fail(err)
				break
			}
		}
		if e.at > w.opts.MaxTime {
			w.fail(&LimitError{Seed: w.seed, Time: w.now, Limit: "virtual time",
				Detail: fmt.Sprintf("an event is due at %v, after the limit of %v", e.at, w.opts.MaxTime)})
			break
		}
		w.popped++
		if e.at != w.instant {
			w.instant, w.instantN = e.at, 0
		}
		w.now = e.at
		w.instantN++
		if err := w.checkLimits(&e); err != nil {
			w.fail(err)
			break
		}
		w.step(e)
	}
	w.checkSharingAtEnd()
	if w.err == nil && !w.stopped {
		w.now = until
	}
	return false
}

// step handles one event taken off the queue. The watchdog covers each
// handler from before its event is reported, so an observer that never
// returns is caught too; a handler does not run if the event's observers
// ended the run or took its node down (an observer may crash a node).
func (w *World) step(e event) {
	if e.kind == evWorld {
		if fn := w.takeTimer(e.slot); fn != nil {
			w.enter(NoNode, KindWorld, NoNode, nil)
			w.report(KindWorld, NoNode, NoNode, nil, 0, "")
			if w.err == nil {
				fn()
			}
			w.leave()
		}
		return
	}
	n := w.nodes[e.node]
	if n.paused && n.up && n.inc == e.inc {
		n.held = append(n.held, e)
		return
	}
	switch e.kind {
	case evStart:
		if !n.up || n.inc != e.inc {
			return
		}
		w.count(n)
		w.enter(n.id, KindStart, NoNode, nil)
		w.report(KindStart, n.id, NoNode, nil, uint64(n.inc), "")
		if w.handles(n, e.inc) {
			n.inst.Start(n.env)
		}
		w.leave()
	case evTimer:
		fn := w.takeTimer(e.slot)
		if fn == nil || !n.up || n.inc != e.inc {
			return // stopped, or the incarnation that set it crashed
		}
		w.count(n)
		w.stats.Timers++
		w.enter(n.id, KindTimer, NoNode, nil)
		w.report(KindTimer, n.id, NoNode, nil, 0, "")
		if w.handles(n, e.inc) {
			fn()
		}
		w.leave()
	case evDeliver:
		w.arrive(n, e)
	}
}

// handles reports whether incarnation inc of n should run the handler of
// an event that was just reported.
func (w *World) handles(n *node, inc uint32) bool {
	return w.err == nil && n.up && n.inc == inc
}

// recovered turns a panic of the event loop into the run's error.
func (w *World) recovered(r any, stack []byte) {
	w.abandonHandler()
	switch v := r.(type) {
	case *LimitError:
		v.Seed, v.Time = w.seed, w.now
		w.fail(v)
	case usageError:
		w.fail(&PanicError{Seed: w.seed, Time: w.now, Node: w.Name(w.cur.node), Event: w.describeCurrent(true),
			Value: v.err, Usage: true, Stack: trimStack(stack)})
	default:
		w.fail(&PanicError{Seed: w.seed, Time: w.now, Node: w.Name(w.cur.node), Event: w.describeCurrent(true),
			Value: r, Stack: trimStack(stack)})
	}
}

// describeCurrent says what the running handler was handling, e.g.
// "deliver from s2 (paxos.Prepare)".
//
// With full, a delivered message is shown with its content (cut short),
// which only the handler's own goroutine may read: the watchdog, which
// runs beside a stuck handler that may be changing the message, shows its
// type alone.
func (w *World) describeCurrent(full bool) string {
	c := w.cur
	switch c.kind {
	case KindDeliver:
		if full {
			msg := safeFormatMsg(c.msg)
			if len(msg) > 160 {
				msg = msg[:157] + "..."
			}
			return fmt.Sprintf("deliver from %s: %s", w.Name(c.peer), msg)
		}
		return fmt.Sprintf("deliver from %s (%T)", w.Name(c.peer), c.msg)
	case KindDrop:
		return fmt.Sprintf("drop of a message from %s (%T)", w.Name(c.peer), c.msg)
	case 0:
		return "no handler"
	}
	return c.kind.String()
}

// safeFormatMsg is FormatMsg for error paths: a message whose String
// method panics is shown by its type.
func safeFormatMsg(msg any) (s string) {
	defer func() {
		if recover() != nil {
			s = fmt.Sprintf("%T", msg)
		}
	}()
	return FormatMsg(msg)
}
