package sim

import (
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Observer sees every event of a run, right after it happened, on the
// world's thread. Returning an error ends the run with an InvariantError, so
// a test can check an invariant at the moment it breaks rather than at the
// end. Observers must not change Event.Msg, and must not call t.FailNow (or
// testify's require) since they do not run on the test's goroutine.
type Observer func(Event) error

// Observe adds an observer.
func (w *World) Observe(o Observer) {
	if o != nil {
		w.observers = append(w.observers, o)
	}
}

// report records one event: it folds it into the fingerprint, and passes
// it to the determinism recorder, the trace and the observers. h is the
// hash of the event's payload (message content, incarnation).
func (w *World) report(k Kind, node, peer NodeID, msg any, h uint64, detail string) {
	w.index++
	w.stats.Events++
	ids := uint64(k)<<56 | uint64(uint32(node+1)&0xfffffff)<<28 | uint64(uint32(peer+1)&0xfffffff)
	if detail != "" {
		h ^= stringHash(detail)
	}
	w.fp = fold(fold(fold(w.fp, ids), uint64(w.now)), h)
	if w.rec != nil {
		w.rec.note(w, k, node, peer, msg, detail)
	}
	if len(w.observers) == 0 && w.opts.Trace == nil {
		return
	}
	ev := Event{Index: w.index, Time: w.now, Kind: k, Node: node, Peer: peer, Msg: msg, Detail: detail}
	w.trace(ev)
	if w.err != nil {
		return
	}
	for _, o := range w.observers {
		if err := o(ev); err != nil {
			w.fail(&InvariantError{Seed: w.seed, Time: w.now, Event: w.FormatEvent(ev), Err: err})
			return
		}
	}
}

// trace writes ev to the trace, if there is one and its filter lets ev
// through.
func (w *World) trace(ev Event) {
	if w.opts.Trace == nil || (w.opts.TraceFilter != nil && !w.opts.TraceFilter(ev)) {
		return
	}
	io.WriteString(w.opts.Trace, w.FormatEvent(ev)+"\n")
}

// customHash hashes the value of a custom event by content when it could
// be sent as a message, and by type otherwise.
func customHash(v any) uint64 {
	if v == nil {
		return 0
	}
	t := reflect.TypeOf(v)
	c := codecFor(t)
	if c.err == nil {
		if h, _, err := hashValue(c.typeHash, reflect.ValueOf(v), 0); err == nil {
			return h
		}
	}
	return c.typeHash
}

// maxMsgText bounds how much of a message a trace line shows.
const maxMsgText = 240

// FormatEvent prints ev as one trace line: virtual time, event number,
// node, kind, and what the event carried, e.g.
//
//	0.001500s #12     s1       send      -> s2 paxos.Prepare{Seq:1 Ballot:3}
func (w *World) FormatEvent(ev Event) string {
	var rest string
	switch ev.Kind {
	case KindSend, KindDuplicate:
		rest = "-> " + w.Name(ev.Peer) + " " + FormatMsg(ev.Msg)
	case KindDeliver:
		rest = "<- " + w.Name(ev.Peer) + " " + FormatMsg(ev.Msg)
	case KindDrop:
		rest = "-> " + w.Name(ev.Peer) + " (" + ev.Detail + ") " + FormatMsg(ev.Msg)
	case KindCustom:
		rest = FormatMsg(ev.Msg)
	default:
		rest = ev.Detail
	}
	return strings.TrimRight(fmt.Sprintf("%12s #%-6d %-8s %-9s %s", FormatTime(ev.Time), ev.Index, w.Name(ev.Node), ev.Kind, rest), " ")
}

// FormatMsg prints a message with its type and field names, e.g.
// "paxos.Prepare{Seq:1 Ballot:3}", cut short if it is long.
func FormatMsg(msg any) string {
	if msg == nil {
		return ""
	}
	t := reflect.TypeOf(msg)
	body := fmt.Sprintf("%+v", msg)
	prefix := t.String()
	if t.Kind() == reflect.Pointer {
		prefix = "&" + t.Elem().String()
		body = strings.TrimPrefix(body, "&")
	}
	if !strings.HasPrefix(body, "{") && !strings.HasPrefix(body, "[") && !strings.HasPrefix(body, "map[") {
		body = "(" + body + ")"
	} else if strings.HasPrefix(body, "map[") {
		body = body[3:]
	}
	s := prefix + body
	if len(s) > maxMsgText {
		s = s[:maxMsgText-3] + "..."
	}
	return s
}
