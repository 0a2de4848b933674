package sim

import (
	"cmp"
	"fmt"
	"io"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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
	w.observe(Event{Index: w.index, Time: w.now, Kind: k, Node: node, Peer: peer, Msg: msg, Detail: detail})
}

// observe passes ev to the trace and the observers. A panic in either (an
// observer's own, or one from a String method of node code that an
// observer or the trace prints) ends the run here, in the world's frame:
// it never unwinds into the node code that sent or emitted the event,
// which could recover it and carry on as if the invariant held.
func (w *World) observe(ev Event) {
	defer func() {
		if p := recover(); p != nil {
			w.fail(&PanicError{Seed: w.seed, Time: w.now, Node: w.Name(ev.Node), Event: w.describeEvent(ev),
				Value: p, Observer: true, Stack: trimStack(debug.Stack())})
		}
	}()
	w.trace(ev)
	if w.err != nil {
		return
	}
	for _, o := range w.observers {
		err := o(ev)
		w.checkAbandoned() // the observer outlived the watchdog's patience
		if err != nil {
			w.fail(&InvariantError{Seed: w.seed, Time: w.now, Event: w.describeEvent(ev), Err: err})
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
	p := planFor(reflect.TypeOf(v))
	if p.err == nil {
		if h, _, err := hashValue(p, p.typeHash, reflect.ValueOf(v), 0); err == nil {
			return h
		}
	}
	return p.typeHash
}

// maxMsgText bounds how much of a message a trace line shows.
const maxMsgText = 240

// FormatEvent prints ev as one trace line: virtual time, event number,
// node, kind, and what the event carried, e.g.
//
//	0.001500s #12     s1       send      -> s2 paxos.Prepare{Seq:1 Ballot:3}
func (w *World) FormatEvent(ev Event) string {
	return strings.TrimRight(fmt.Sprintf("%12s #%-6d %-8s %-9s %s", FormatTime(ev.Time), ev.Index, w.Name(ev.Node), ev.Kind, w.eventDetail(ev)), " ")
}

// describeEvent prints ev on one line without padding, for error messages:
// "#243 n4 custom election.BecameLeader{Term:5}".
func (w *World) describeEvent(ev Event) string {
	return strings.TrimRight(fmt.Sprintf("#%d %s %s %s", ev.Index, w.Name(ev.Node), ev.Kind, w.eventDetail(ev)), " ")
}

// eventDetail prints what an event carried: peer, message, reason.
func (w *World) eventDetail(ev Event) string {
	var rest string
	switch ev.Kind {
	case KindSend, KindDuplicate:
		rest = "-> " + w.Name(ev.Peer) + " " + safeFormatMsg(ev.Msg)
	case KindDeliver:
		rest = "<- " + w.Name(ev.Peer) + " " + safeFormatMsg(ev.Msg)
	case KindDrop:
		rest = "-> " + w.Name(ev.Peer) + " (" + ev.Detail + ") " + safeFormatMsg(ev.Msg)
	case KindCustom:
		rest = safeFormatMsg(ev.Msg)
	default:
		rest = ev.Detail
	}
	return rest
}

// FormatMsg prints a message with its type and field names, e.g.
// "paxos.Prepare{Seq:1 Ballot:3}", cut short if it is long. Pointers inside
// a message print as what they point to ("&{...}"), never as addresses, so
// the same message prints the same in every run. A value whose type has a
// String (or Error) method prints by it, so that enums print by name
// ("Kind:Put", not "Kind:2"), in unexported fields too.
func FormatMsg(msg any) string {
	if msg == nil {
		return ""
	}
	v := reflect.ValueOf(msg)
	t := v.Type()
	p := planFor(t)
	prefix := p.name
	var body string
	switch {
	case p.format || p.err != nil:
		// A value that could not be sent (a custom event's, say) is
		// printed as fmt prints it.
		body = fmt.Sprintf("%+v", msg)
		if t.Kind() == reflect.Pointer {
			prefix = "&" + t.Elem().String()
			body = strings.TrimPrefix(body, "&")
		}
	case t.Kind() == reflect.Pointer && !v.IsNil():
		prefix = "&" + t.Elem().String()
		body = formatValue(p.elem, v.Elem(), 0)
	default:
		body = formatValue(p, v, 0)
	}
	if !strings.HasPrefix(body, "{") && !strings.HasPrefix(body, "[") && !strings.HasPrefix(body, "map[") {
		body = "(" + body + ")"
	} else if strings.HasPrefix(body, "map[") {
		body = body[3:]
	}
	s := prefix + body
	if len(s) > maxMsgText {
		cut := maxMsgText - 3
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

// hasFormatMethod reports whether fmt prints values of t with their own
// String or Error method.
func hasFormatMethod(t reflect.Type) bool {
	return t.Implements(stringerType) || t.Implements(errorType)
}

// formatValue prints v, a value of p's type and a part of a message that
// could be sent, as fmt's %+v would, except that pointers print as what
// they point to.
func formatValue(p *plan, v reflect.Value, depth int) string {
	if depth > maxDepth {
		return "..."
	}
	if p.kind == reflect.Interface {
		if v.IsNil() {
			return "<nil>"
		}
		v = v.Elem()
		p = planFor(v.Type())
	}
	if (p.format || p.flat) && v.CanInterface() {
		return fmt.Sprintf("%+v", v.Interface())
	}
	if p.format {
		// A value reached through an unexported field (a node's own
		// state) cannot be handed to fmt; a copy of a number or string
		// can, so an enum prints by its name there too.
		if c, ok := leafCopy(v); ok {
			return fmt.Sprintf("%+v", c.Interface())
		}
	}
	var b strings.Builder
	switch p.kind {
	case reflect.Pointer:
		if v.IsNil() {
			return "<nil>"
		}
		return "&" + formatValue(p.elem, v.Elem(), depth+1)
	case reflect.Struct:
		b.WriteByte('{')
		for _, f := range p.fields {
			if b.Len() > 1 {
				b.WriteByte(' ')
			}
			b.WriteString(f.name)
			b.WriteByte(':')
			b.WriteString(formatValue(f.plan, v.Field(f.index), depth+1))
		}
		b.WriteByte('}')
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(formatValue(p.elem, v.Index(i), depth+1))
		}
		b.WriteByte(']')
	case reflect.Map:
		type entry struct {
			key  reflect.Value
			k, v string
		}
		entries := make([]entry, 0, v.Len())
		it := v.MapRange()
		for it.Next() {
			entries = append(entries, entry{it.Key(), formatValue(p.key, it.Key(), depth+1), formatValue(p.elem, it.Value(), depth+1)})
		}
		slices.SortFunc(entries, func(a, b entry) int {
			if c := compareKeys(a.key, b.key); c != 0 {
				return c
			}
			return cmp.Or(strings.Compare(a.k, b.k), strings.Compare(a.v, b.v))
		})
		b.WriteString("map[")
		for i, e := range entries {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(e.k + ":" + e.v)
		}
		b.WriteByte(']')
	default:
		return formatLeaf(v)
	}
	return b.String()
}

// formatLeaf prints a number, string or bool as fmt's %+v would, also
// when v was reached through unexported fields (a node's own state, which
// v.Interface cannot return).
func formatLeaf(v reflect.Value) string {
	if v.CanInterface() {
		return fmt.Sprintf("%+v", v.Interface())
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 32)
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Complex64, reflect.Complex128:
		return fmt.Sprint(v.Complex())
	case reflect.String:
		return v.String()
	}
	return "<" + v.Type().String() + ">" // a func, channel or unsafe pointer
}

// leafCopy returns a copy of v, a bool, number or string, that can be
// handed to fmt even when v was reached through unexported fields.
func leafCopy(v reflect.Value) (reflect.Value, bool) {
	c := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Bool:
		c.SetBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.SetInt(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c.SetUint(v.Uint())
	case reflect.Float32, reflect.Float64:
		c.SetFloat(v.Float())
	case reflect.String:
		c.SetString(v.String())
	default:
		return reflect.Value{}, false
	}
	return c, true
}

// compareKeys orders map keys of the basic kinds as fmt does; it returns 0
// for keys it cannot order, which are then ordered by how they print.
func compareKeys(a, b reflect.Value) int {
	if a.Kind() != b.Kind() {
		return 0
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(a.Uint(), b.Uint())
	case reflect.Float32, reflect.Float64:
		return cmp.Compare(a.Float(), b.Float())
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Bool:
		switch {
		case a.Bool() == b.Bool():
			return 0
		case b.Bool():
			return -1
		}
		return 1
	}
	return 0
}
