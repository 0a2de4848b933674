package sim

import (
	"errors"
	"fmt"
	"time"
)

// DivergenceError reports that two runs of the same seed did not do the
// same thing: the code under test is not deterministic. It names the first
// event at which the runs differ.
type DivergenceError struct {
	Seed   int64
	Index  uint64        // number of the first differing event
	Time   time.Duration // its virtual time in the second run
	Node   string        // its node in the second run
	Kind   Kind          // its kind in the second run
	First  string        // the event as the first run had it ("" if that run had ended)
	Second string        // the event as the second run had it ("" if that run had ended)
}

func (e *DivergenceError) Error() string {
	first, second := e.First, e.Second
	if first == "" {
		first = "(the run had ended)"
	}
	if second == "" {
		second = "(the run had ended)"
	}
	return fmt.Sprintf("sim: seed %d is not deterministic: two runs first differ at event #%d (%s, node %s, %s)\n  first run:  %s\n  second run: %s\n"+
		"  Look for map iteration order, goroutines, the wall clock, global math/rand or memory shared between nodes.",
		e.Seed, e.Index, FormatTime(e.Time), e.Node, e.Kind, first, second)
}

// recorder compares runs of one seed: in the first run it records each
// event and the running fingerprint after it; in the second it compares.
type recorder struct {
	compare bool
	fps     []uint64
	events  []Event // the first run's events, up to maxRecorded
	div     *DivergenceError
}

// maxRecorded bounds how many events of the first run are kept to be
// shown in a DivergenceError (fingerprints are kept for all of them).
const maxRecorded = 1 << 22

func (r *recorder) note(w *World, k Kind, node, peer NodeID, msg any, detail string) {
	if !r.compare {
		r.fps = append(r.fps, w.fp)
		if len(r.events) < maxRecorded {
			r.events = append(r.events, Event{Index: w.index, Time: w.now, Kind: k, Node: node, Peer: peer, Msg: msg, Detail: detail})
		}
		return
	}
	i := w.index - 1
	if r.div != nil || (i < uint64(len(r.fps)) && r.fps[i] == w.fp) {
		return
	}
	ev := Event{Index: w.index, Time: w.now, Kind: k, Node: node, Peer: peer, Msg: msg, Detail: detail}
	r.div = &DivergenceError{Seed: w.seed, Index: w.index, Time: w.now, Node: w.Name(node), Kind: k,
		Second: w.FormatEvent(ev)}
	w.fail(r.div)
}

// firstText returns the first run's event number i as the trace prints it.
func (r *recorder) firstText(w *World, i uint64) string {
	switch {
	case i == 0 || i > uint64(len(r.fps)):
		return ""
	case i > uint64(len(r.events)):
		return fmt.Sprintf("(event #%d was not recorded)", i)
	}
	return w.FormatEvent(r.events[i-1])
}

// CheckDeterminism runs scenario twice on fresh worlds made from opts (no
// trace) and compares them event by event. If they differ it returns a
// *DivergenceError naming the first differing event, as each run had it.
// Otherwise it returns the fingerprint and the error of the first run.
//
// scenario must build the world (add nodes, schedule faults) and run it,
// returning the run's error; it is called twice.
func CheckDeterminism(opts Options, scenario func(w *World) error) (uint64, error) {
	opts.Trace = nil
	run := func(r *recorder) (*World, error) {
		w, err := New(opts)
		if err != nil {
			return nil, err
		}
		w.rec = r
		return w, scenario(w)
	}
	first := &recorder{}
	w1, err1 := run(first)
	if w1 == nil {
		return 0, err1
	}
	var herr *HangError
	if errors.As(err1, &herr) {
		return 0, err1
	}
	second := &recorder{compare: true, fps: first.fps}
	w2, _ := run(second)
	div := second.div
	if div == nil && w2.index < uint64(len(first.fps)) {
		// The second run ended early: the difference is the first run's
		// next event.
		next := first.events[min(int(w2.index), len(first.events)-1)]
		div = &DivergenceError{Seed: w1.seed, Index: w2.index + 1, Time: next.Time, Node: w1.Name(next.Node), Kind: next.Kind}
	}
	if div == nil {
		return w1.fp, err1
	}
	div.First = first.firstText(w1, div.Index)
	return 0, div
}
