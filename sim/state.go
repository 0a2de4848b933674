package sim

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// StateField is one leaf of a value's state, as FlattenState finds it:
// the path from the value to the leaf, and the leaf as traces print it.
type StateField struct {
	Path  string // e.g. "promised", "log[3].Value", "peers[s1]", "acc.ballot"
	Value string // e.g. "3", "\"x\"", "<nil>", "[]"
}

// FlattenState walks v, a node's state, and returns its leaves in a fixed
// order: every field, exported or not, through pointers, slices, arrays,
// maps (in key order) and interfaces. It reads and never changes v, so a
// run viewer can show a node's state after each event and what the event
// changed, by comparing two flattenings path by path.
//
// The walk follows the same per-type plans as the simulator's other walks
// (see plan.go). Paths start at v's fields (a pointer at the top is
// followed). A pointer reached a second time prints as "<same as PATH>",
// so shared and cyclic structures print once; the simulator's own values
// (an Env, a Storage, the World) print as their type, and so do pointers,
// below v itself, to types declared in test packages (the harness a test's
// client nodes point to, which is no node's state); funcs and channels
// print as "<func>" and "<chan>"; long strings are cut short. At most limit fields are returned (0: no
// limit); when there are more, the last field says how many were left out.
func FlattenState(v any, limit int) []StateField {
	f := flattener{seen: map[ptrKey]string{}, limit: limit}
	if v == nil {
		return []StateField{{Path: "", Value: "<nil>"}}
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		f.seen[ptrKey{rv.Pointer(), rv.Type()}] = "(the node)"
		rv = rv.Elem()
	}
	f.walk("", planFor(rv.Type()), rv, 0)
	if f.left > 0 {
		f.out = append(f.out, StateField{Path: "...", Value: fmt.Sprintf("%d more fields not shown", f.left)})
	}
	return f.out
}

// ptrKey identifies memory reached through a pointer: the address and the
// type (a struct and its first field share an address).
type ptrKey struct {
	addr uintptr
	typ  reflect.Type
}

type flattener struct {
	out   []StateField
	seen  map[ptrKey]string // pointers walked, with the path where they were
	limit int
	left  int // fields beyond the limit
}

func (f *flattener) leaf(path, value string) {
	if f.limit > 0 && len(f.out) >= f.limit {
		f.left++
		return
	}
	f.out = append(f.out, StateField{Path: path, Value: value})
}

// join appends a field name to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (f *flattener) walk(path string, p *plan, v reflect.Value, depth int) {
	if depth > maxDepth {
		f.leaf(path, "...")
		return
	}
	if p.opaque {
		f.leaf(path, "<"+p.name+">")
		return
	}
	if p.format && p.kind != reflect.Pointer && p.kind != reflect.Interface {
		if s, ok := formatWithMethod(v); ok {
			f.leaf(path, s)
			return
		}
	}
	switch p.kind {
	case reflect.Interface:
		if v.IsNil() {
			f.leaf(path, "<nil>")
			return
		}
		e := v.Elem()
		f.walk(path, planFor(e.Type()), e, depth+1)
	case reflect.Pointer:
		if v.IsNil() {
			f.leaf(path, "<nil>")
			return
		}
		k := ptrKey{v.Pointer(), p.typ}
		if at, ok := f.seen[k]; ok {
			f.leaf(path, "<same as "+cmp.Or(at, "(the node)")+">")
			return
		}
		if p.elem.opaque || p.elem.test && depth > 0 {
			// The simulator's own values, and test code's (a harness that
			// clients point to) below the top: not the node's state.
			f.leaf(path, "<"+p.name+">")
			return
		}
		f.seen[k] = path
		f.walk(path, p.elem, v.Elem(), depth+1)
	case reflect.Struct:
		if len(p.fields) == 0 {
			f.leaf(path, "{}")
			return
		}
		for _, fd := range p.fields {
			f.walk(join(path, fd.name), fd.plan, v.Field(fd.index), depth+1)
		}
	case reflect.Slice, reflect.Array:
		if p.kind == reflect.Slice && v.IsNil() {
			f.leaf(path, "<nil>")
			return
		}
		if v.Len() == 0 {
			f.leaf(path, "[]")
			return
		}
		if p.bytes {
			f.leaf(path, quoteShort(string(v.Bytes())))
			return
		}
		for i := range v.Len() {
			f.walk(path+"["+strconv.Itoa(i)+"]", p.elem, v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			f.leaf(path, "<nil>")
			return
		}
		if v.Len() == 0 {
			f.leaf(path, "map[]")
			return
		}
		type entry struct {
			key reflect.Value
			k   string
		}
		entries := make([]entry, 0, v.Len())
		it := v.MapRange()
		for it.Next() {
			entries = append(entries, entry{it.Key(), formatValue(p.key, it.Key(), depth+1)})
		}
		slices.SortFunc(entries, func(a, b entry) int {
			return cmp.Or(compareKeys(a.key, b.key), strings.Compare(a.k, b.k))
		})
		for _, e := range entries {
			f.walk(path+"["+e.k+"]", p.elem, v.MapIndex(e.key), depth+1)
		}
	case reflect.Func:
		f.leaf(path, nilOr(v, "<func>"))
	case reflect.Chan:
		f.leaf(path, nilOr(v, "<chan>"))
	case reflect.UnsafePointer:
		f.leaf(path, nilOr(v, "<unsafe.Pointer>"))
	case reflect.String:
		f.leaf(path, quoteShort(v.String()))
	default:
		f.leaf(path, formatLeaf(v))
	}
}

// maxStateString bounds how much of a string or byte slice a state field
// shows.
const maxStateString = 200

// quoteShort quotes s, cut short if it is long: a long value still
// changes where it changes, but costs little to show.
func quoteShort(s string) string {
	if len(s) <= maxStateString {
		return strconv.Quote(s)
	}
	cut := maxStateString
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("...(%d bytes)", len(s))
}

func nilOr(v reflect.Value, s string) string {
	if v.IsNil() {
		return "<nil>"
	}
	return s
}

// formatWithMethod prints v with its own String or Error method, as fmt
// would. A value read through an unexported field cannot be handed to fmt;
// one of a basic kind (an enum, a duration) is copied into a fresh value of
// its type first, which can.
func formatWithMethod(v reflect.Value) (string, bool) {
	if v.CanInterface() {
		return fmt.Sprintf("%+v", v.Interface()), true
	}
	c := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.SetInt(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c.SetUint(v.Uint())
	case reflect.Float32, reflect.Float64:
		c.SetFloat(v.Float())
	case reflect.String:
		c.SetString(v.String())
	case reflect.Bool:
		c.SetBool(v.Bool())
	default:
		return "", false
	}
	return fmt.Sprintf("%+v", c.Interface()), true
}
