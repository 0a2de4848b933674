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

// Recording is the event-by-event record of one run, kept so that a
// second run of the same seed can be compared with it as it goes: see
// World.Record and World.Compare. CheckDeterminism does both for a
// scenario it can run twice itself.
type Recording struct {
	fps    []uint64 // the running fingerprint after each event
	events []Event  // the events, up to maxRecorded
	world  *World   // the recorded world, for node names
}

// recorder is a world's side of a Recording: it records, or compares.
type recorder struct {
	rec     *Recording
	compare bool
	div     *DivergenceError
}

// maxRecorded bounds how many events of the first run are kept to be
// shown in a DivergenceError (fingerprints are kept for all of them).
const maxRecorded = 1 << 22

// Record starts recording w's events, to compare a second run with. Call
// it before w runs.
func (w *World) Record() *Recording {
	rec := &Recording{world: w}
	w.startRecorder(&recorder{rec: rec})
	return rec
}

// Compare makes w, a second run of a recorded world's seed and code,
// check each event against rec as it happens: the first event that
// differs ends the run with a *DivergenceError naming it as each run had
// it. Call it before w runs, and Recording.Check after.
func (w *World) Compare(rec *Recording) {
	w.startRecorder(&recorder{rec: rec, compare: true})
}

func (w *World) startRecorder(r *recorder) {
	if w.index > 0 || w.rec != nil {
		w.fail(errors.New("sim: Record or Compare after the world started reporting events, or twice"))
		return
	}
	w.rec = r
}

// Check reports how w, which ran comparing itself with rec, differed from
// the recorded run: the *DivergenceError that stopped it, or one for a run
// that ended before the recorded one did; nil if the runs were the same.
func (rec *Recording) Check(w *World) error {
	if w.rec == nil || w.rec.rec != rec || !w.rec.compare {
		return errors.New("sim: Recording.Check of a world that did not Compare with it")
	}
	if w.rec.div != nil {
		return w.rec.div
	}
	if w.index >= uint64(len(rec.fps)) {
		return nil
	}
	// The second run ended early: the difference is the first run's next
	// event.
	next := rec.events[min(int(w.index), len(rec.events)-1)]
	return &DivergenceError{Seed: w.seed, Index: w.index + 1, Time: next.Time, Node: rec.world.Name(next.Node),
		Kind: next.Kind, First: rec.text(w.index + 1)}
}

// text returns the recorded event number i as the trace prints it.
func (rec *Recording) text(i uint64) string {
	switch {
	case i == 0 || i > uint64(len(rec.fps)):
		return ""
	case i > uint64(len(rec.events)):
		return fmt.Sprintf("(event #%d was not recorded)", i)
	}
	return rec.world.FormatEvent(rec.events[i-1])
}

func (r *recorder) note(w *World, k Kind, node, peer NodeID, msg any, detail string) {
	rec := r.rec
	if !r.compare {
		rec.fps = append(rec.fps, w.fp)
		if len(rec.events) < maxRecorded {
			rec.events = append(rec.events, Event{Index: w.index, Time: w.now, Kind: k, Node: node, Peer: peer, Msg: msg, Detail: detail})
		}
		return
	}
	i := w.index - 1
	if r.div != nil || (i < uint64(len(rec.fps)) && rec.fps[i] == w.fp) {
		return
	}
	ev := Event{Index: w.index, Time: w.now, Kind: k, Node: node, Peer: peer, Msg: msg, Detail: detail}
	r.div = &DivergenceError{Seed: w.seed, Index: w.index, Time: w.now, Node: w.Name(node), Kind: k,
		First: rec.text(w.index), Second: w.FormatEvent(ev)}
	w.fail(r.div)
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
	w1, err := New(opts)
	if err != nil {
		return 0, err
	}
	rec := w1.Record()
	err1 := scenario(w1)
	var herr *HangError
	if errors.As(err1, &herr) {
		return 0, err1
	}
	w2, err := New(opts)
	if err != nil {
		return 0, err
	}
	w2.Compare(rec)
	scenario(w2)
	if div := rec.Check(w2); div != nil {
		return 0, div
	}
	return w1.fp, err1
}
