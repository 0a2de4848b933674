package sim

import (
	"bytes"
	"errors"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"
)

// The watchdog catches a handler that never returns. The event loop runs on
// a goroutine of its own while the caller of Run waits and watches, using
// the wall clock; the simulation itself never reads it.
//
// Handshake: before each handler the loop stores state = popped<<1|1, and
// after it swaps that back to popped<<1 with a compare-and-swap. If the
// watchdog sees the same odd state for HandlerTimeout, it swaps in
// stateHung first; from then on the loop's swap fails and every Env call of
// the stuck goroutine exits it, so nothing the caller does afterwards can
// race with the abandoned handler.

const stateHung = ^uint64(0)

var errGoexit = errors.New("sim: a handler, observer or callback called runtime.Goexit (t.FailNow, or testify's require, used inside the simulation? Return an error from an observer instead)")

// enter notes that a handler starts.
func (w *World) enter(node NodeID, kind Kind, peer NodeID, msg any) {
	w.cur = current{node: node, kind: kind, peer: peer, msg: msg, at: w.now}
	w.sends = 0
	w.state.Store(w.popped<<1 | 1)
}

// leave notes that the handler returned. If the watchdog gave up on it in
// the meantime, the goroutine exits here.
func (w *World) leave() {
	s := w.popped<<1 | 1
	if !w.state.CompareAndSwap(s, s&^1) {
		runtime.Goexit()
	}
	w.cur.kind, w.cur.node = 0, NoNode
}

// abandonHandler clears the handler state after a panic unwound it.
func (w *World) abandonHandler() {
	s := w.popped<<1 | 1
	w.state.CompareAndSwap(s, s&^1)
}

// checkAbandoned stops the calling goroutine if its run was abandoned.
func (w *World) checkAbandoned() {
	if w.state.Load() == stateHung {
		runtime.Goexit()
	}
}

// watch runs the loop on its own goroutine and waits for it, or for the
// watchdog to find it stuck.
func (w *World) watch(until time.Duration, cond func() bool) bool {
	done := make(chan bool, 1)
	go func() {
		w.goid = goroutineID()
		finished := false
		defer func() {
			if finished {
				return
			}
			if w.state.Load() == stateHung {
				stuck.Add(-1) // an abandoned handler finally exits
				return
			}
			w.fail(errGoexit)
			done <- false
		}()
		met := w.loop(until, cond)
		finished = true
		done <- met
	}()

	grace := w.opts.HandlerTimeout
	tick := time.NewTicker(max(grace/8, time.Millisecond))
	defer tick.Stop()
	var last uint64
	var since time.Time
	for {
		select {
		case met := <-done:
			return met
		case now := <-tick.C:
			s := w.state.Load()
			if s&1 == 0 || s != last {
				last, since = s, now
				continue
			}
			if now.Sub(since) < grace || !w.state.CompareAndSwap(s, stateHung) {
				continue
			}
			stuck.Add(1)
			// The CAS read the state the loop stored after filling in
			// w.cur, so w.cur is safe to read; the loop cannot touch
			// anything any more. The error goes to a field of its own:
			// the stuck goroutine may have read w.err after its last
			// handshake, so writing w.err here would race with it.
			w.hang = &HangError{
				Seed:   w.seed,
				Time:   w.cur.at,
				Node:   w.Name(w.cur.node),
				Event:  w.describeCurrent(false),
				Waited: now.Sub(since),
				Stack:  goroutineStack(w.goid),
			}
			return false
		}
	}
}

// stuck counts the goroutines of handlers (and Within calls) that the
// watchdog gave up on and that have not exited.
var stuck atomic.Int64

// Stuck returns how many handlers (and Within calls) of this process the
// watchdog gave up on are still running. A stuck handler that spins keeps
// a core busy until the process exits, so a test binary that has some
// should run little else: the lab kit stops starting seeds.
func Stuck() int { return int(stuck.Load()) }

// goroutineID returns the id of the calling goroutine, as stack dumps
// print it.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		id, _ := strconv.ParseUint(string(b[:i]), 10, 64)
		return id
	}
	return 0
}

// goroutineStack returns the stack of goroutine id, trimmed to the frames
// of the stuck handler.
func goroutineStack(id uint64) string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= 64<<20 {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	head := []byte("goroutine " + strconv.FormatUint(id, 10) + " [")
	i := bytes.Index(buf, head)
	if i < 0 {
		return ""
	}
	g := buf[i:]
	if j := bytes.Index(g, []byte("\n\n")); j >= 0 {
		g = g[:j]
	}
	return trimStack(g)
}
