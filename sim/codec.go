package sim

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// maxDepth bounds how deeply a message may nest (pointers, slices, maps,
// interfaces). A deeper value is almost always a cycle, which could not be
// encoded for a real network either.
const maxDepth = 100

// copyMessage returns an independent copy of msg and its content hash, or
// an error naming the part of msg that could not cross a network.
func copyMessage(msg any) (any, uint64, error) {
	v := reflect.ValueOf(msg)
	p := planFor(v.Type())
	if p.err != nil {
		return nil, 0, p.err
	}
	h, shared, err := hashValue(p, p.typeHash, v, 0)
	if err != nil {
		return nil, 0, valueError(p, v, err)
	}
	if !shared {
		// An interface holding a value without references is immutable:
		// every receiver gets its own copy when it asserts the type.
		return msg, h, nil
	}
	cp, err := deepCopy(p, v, 0)
	if err != nil {
		return nil, 0, err
	}
	return cp.Interface(), h, nil
}

// recopy returns another independent copy of a message that copyMessage
// already accepted (for a duplicate delivery).
func recopy(msg any) any {
	v := reflect.ValueOf(msg)
	p := planFor(v.Type())
	if _, shared, _ := hashValue(p, 0, v, 0); !shared {
		return msg
	}
	cp, err := deepCopy(p, v, 0)
	if err != nil {
		panic(err) // the same value was copied once already
	}
	return cp.Interface()
}

// deepCopy returns a copy of v, a value of p's type, that shares no mutable
// memory with it.
func deepCopy(p *plan, v reflect.Value, depth int) (reflect.Value, error) {
	if depth > maxDepth {
		return reflect.Value{}, fmt.Errorf("sim: message of type %s nests deeper than %d levels (a cycle?)", p.typ, maxDepth)
	}
	if p.flat {
		return v, nil
	}
	switch p.kind {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(p.typ), nil
		}
		e, err := deepCopy(p.elem, v.Elem(), depth+1)
		if err != nil {
			return e, err
		}
		c := reflect.New(p.elem.typ)
		c.Elem().Set(e)
		return c, nil
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(p.typ), nil
		}
		s := reflect.MakeSlice(p.typ, v.Len(), v.Len())
		if p.elem.flat {
			reflect.Copy(s, v)
			return s, nil
		}
		for i := range v.Len() {
			e, err := deepCopy(p.elem, v.Index(i), depth+1)
			if err != nil {
				return e, err
			}
			s.Index(i).Set(e)
		}
		return s, nil
	case reflect.Array:
		a := reflect.New(p.typ).Elem()
		for i := range v.Len() {
			e, err := deepCopy(p.elem, v.Index(i), depth+1)
			if err != nil {
				return e, err
			}
			a.Index(i).Set(e)
		}
		return a, nil
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(p.typ), nil
		}
		m := reflect.MakeMapWithSize(p.typ, v.Len())
		it := v.MapRange()
		for it.Next() {
			k, err := deepCopy(p.key, it.Key(), depth+1)
			if err != nil {
				return k, err
			}
			e, err := deepCopy(p.elem, it.Value(), depth+1)
			if err != nil {
				return e, err
			}
			m.SetMapIndex(k, e)
		}
		return m, nil
	case reflect.Struct:
		s := reflect.New(p.typ).Elem()
		s.Set(v)
		for _, f := range p.fields {
			if f.plan.flat {
				continue
			}
			e, err := deepCopy(f.plan, v.Field(f.index), depth+1)
			if err != nil {
				return e, err
			}
			s.Field(f.index).Set(e)
		}
		return s, nil
	case reflect.Interface:
		if v.IsNil() {
			return reflect.Zero(p.typ), nil
		}
		d := v.Elem()
		dp := planFor(d.Type())
		if dp.err != nil {
			return reflect.Value{}, dp.err
		}
		if dp.flat {
			return v, nil // the boxed value is immutable
		}
		e, err := deepCopy(dp, d, depth+1)
		if err != nil {
			return e, err
		}
		r := reflect.New(p.typ).Elem()
		r.Set(e)
		return r, nil
	}
	return v, nil
}

// fold mixes x into the running hash h.
func fold(h, x uint64) uint64 {
	return mix64(h*0x100000001b3 ^ x)
}

// hashValue folds the content of v, a value of p's type, into h. Equal
// values hash equally in every process: maps are hashed independently of
// iteration order and pointers by what they point to. It also reports
// whether v refers to mutable memory (a non-nil pointer, slice or map, at
// any depth, through interfaces too), so that sending it needs a deep copy.
func hashValue(p *plan, h uint64, v reflect.Value, depth int) (uint64, bool, error) {
	if depth > maxDepth {
		return 0, false, fmt.Errorf("sim: message of type %s nests deeper than %d levels (a cycle?)", p.typ, maxDepth)
	}
	switch p.kind {
	case reflect.Bool:
		if v.Bool() {
			return fold(h, 1), false, nil
		}
		return fold(h, 0), false, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fold(h, uint64(v.Int())), false, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return fold(h, v.Uint()), false, nil
	case reflect.Float32, reflect.Float64:
		return fold(h, math.Float64bits(v.Float())), false, nil
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return fold(fold(h, math.Float64bits(real(c))), math.Float64bits(imag(c))), false, nil
	case reflect.String:
		s := v.String()
		return fold(fold(h, uint64(len(s))), stringHash(s)), false, nil
	case reflect.Slice:
		if v.IsNil() {
			return fold(h, 0), false, nil
		}
		if p.bytes {
			b := v.Bytes()
			return fold(fold(h, uint64(len(b))+1), stringHash(string(b))), true, nil
		}
		h, _, err := hashElems(p.elem, fold(h, uint64(v.Len())+1), v, depth)
		return h, true, err
	case reflect.Array:
		return hashElems(p.elem, fold(h, uint64(v.Len())), v, depth)
	case reflect.Map:
		if v.IsNil() {
			return fold(h, 0), false, nil
		}
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			kh, _, err := hashValue(p.key, 0x51, it.Key(), depth+1)
			if err != nil {
				return 0, false, err
			}
			eh, _, err := hashValue(p.elem, kh, it.Value(), depth+1)
			if err != nil {
				return 0, false, err
			}
			sum += eh
		}
		return fold(fold(h, uint64(v.Len())+1), sum), true, nil
	case reflect.Pointer:
		if v.IsNil() {
			return fold(h, 0), false, nil
		}
		h, _, err := hashValue(p.elem, fold(h, 1), v.Elem(), depth+1)
		return h, true, err
	case reflect.Struct:
		shared := false
		for _, f := range p.fields {
			var s bool
			var err error
			if h, s, err = hashValue(f.plan, h, v.Field(f.index), depth+1); err != nil {
				return 0, false, err
			}
			shared = shared || s
		}
		return h, shared, nil
	case reflect.Interface:
		if v.IsNil() {
			return fold(h, 0), false, nil
		}
		d := v.Elem()
		dp := planFor(d.Type())
		if dp.err != nil {
			return 0, false, dp.err
		}
		return hashValue(dp, fold(h, dp.typeHash), d, depth+1)
	}
	return 0, false, fmt.Errorf("sim: cannot hash a value of kind %s", p.kind)
}

// hashElems folds the elements of a slice or array, of plan elem, into h.
func hashElems(elem *plan, h uint64, v reflect.Value, depth int) (uint64, bool, error) {
	shared := false
	for i := range v.Len() {
		var s bool
		var err error
		if h, s, err = hashValue(elem, h, v.Index(i), depth+1); err != nil {
			return 0, false, err
		}
		shared = shared || s
	}
	return h, shared, nil
}

// Size returns the number of bytes msg would take in a compact binary
// encoding: fixed-width numbers (1, 2, 4 or 8 bytes), a 4-byte length
// before each string, slice and map, one byte for each pointer's nil flag,
// and the type name before each interface value. It is the measure rpc
// counters and lab tests use for message volume. A message that could not
// be sent has size 0.
func Size(msg any) int {
	if msg == nil {
		return 0
	}
	v := reflect.ValueOf(msg)
	p := planFor(v.Type())
	if p.err != nil {
		return 0
	}
	return max(sizeValue(p, v, 0), 0)
}

// sizeValue returns the encoded size of v, a value of p's type, or -1 if v
// cannot be sent (an interface in it holds something that cannot, or it
// nests too deeply).
func sizeValue(p *plan, v reflect.Value, depth int) int {
	if depth > maxDepth {
		return -1
	}
	if p.fixed >= 0 {
		return p.fixed
	}
	switch p.kind {
	case reflect.String:
		return 4 + v.Len()
	case reflect.Slice, reflect.Array:
		n := 0
		if p.kind == reflect.Slice {
			n = 4
		}
		if e := p.elem.fixed; e >= 0 {
			return n + e*v.Len()
		}
		for i := range v.Len() {
			e := sizeValue(p.elem, v.Index(i), depth+1)
			if e < 0 {
				return -1
			}
			n += e
		}
		return n
	case reflect.Map:
		n := 4
		it := v.MapRange()
		for it.Next() {
			k, e := sizeValue(p.key, it.Key(), depth+1), sizeValue(p.elem, it.Value(), depth+1)
			if k < 0 || e < 0 {
				return -1
			}
			n += k + e
		}
		return n
	case reflect.Pointer:
		if v.IsNil() {
			return 1
		}
		e := sizeValue(p.elem, v.Elem(), depth+1)
		if e < 0 {
			return -1
		}
		return 1 + e
	case reflect.Struct:
		n := 0
		for _, f := range p.fields {
			e := sizeValue(f.plan, v.Field(f.index), depth+1)
			if e < 0 {
				return -1
			}
			n += e
		}
		return n
	case reflect.Interface:
		if v.IsNil() {
			return 1
		}
		d := v.Elem()
		dp := planFor(d.Type())
		if dp.err != nil {
			return -1
		}
		e := sizeValue(dp, d, depth+1)
		if e < 0 {
			return -1
		}
		return 1 + len(dp.name) + e
	}
	return 0
}

// valueError explains why v, a value of p's type, which can be sent,
// cannot be: an interface in it holds something that cannot cross a
// network, or it is a cycle. hashValue finds such values without keeping
// the path to them, to stay fast; this walks v again to name the type and
// the path. It returns found (what hashValue reported) if the walk finds
// nothing.
func valueError(p *plan, v reflect.Value, found error) error {
	if err := walkValue(p, v, typeLabel(p.typ), 0, map[visit]string{}); err != nil {
		return fmt.Errorf("sim: message type %s cannot cross a network: %v", p.typ, err)
	}
	return found
}

// visit names a pointer, map or slice on the path from a message's root,
// to detect cycles.
type visit struct {
	typ reflect.Type
	ptr uintptr
}

// walkValue returns the first part of v, a value of p's type at path, that
// cannot be sent, or nil. onPath holds the references on the way from the
// root to v and their paths. Map entries are walked in key order, so that
// the same value always gives the same error.
func walkValue(p *plan, v reflect.Value, path string, depth int, onPath map[visit]string) error {
	if depth > maxDepth {
		return fmt.Errorf("%s nests deeper than %d levels", path, maxDepth)
	}
	switch p.kind {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		if v.IsNil() {
			return nil
		}
		key := visit{p.typ, v.Pointer()}
		if first, ok := onPath[key]; ok {
			return fmt.Errorf("%s points back to %s (a cycle)", path, first)
		}
		onPath[key] = path
		defer delete(onPath, key)
	}
	switch p.kind {
	case reflect.Pointer:
		return walkValue(p.elem, v.Elem(), path, depth+1, onPath)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := walkValue(p.elem, v.Index(i), path+"["+strconv.Itoa(i)+"]", depth+1, onPath); err != nil {
				return err
			}
		}
	case reflect.Map:
		for _, k := range sortedKeys(p, v) {
			kp := path + "[" + formatKey(p.key, k) + "]"
			if err := walkValue(p.key, k, kp+"(key)", depth+1, onPath); err != nil {
				return err
			}
			if err := walkValue(p.elem, v.MapIndex(k), kp, depth+1, onPath); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for _, f := range p.fields {
			if err := walkValue(f.plan, v.Field(f.index), path+"."+f.name, depth+1, onPath); err != nil {
				return err
			}
		}
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		d := v.Elem()
		dp := planFor(d.Type())
		dpath := path + ".(" + dp.name + ")"
		if err := checkType(dp, dpath, map[*plan]bool{}); err != nil {
			return err
		}
		return walkValue(dp, d, dpath, depth+1, onPath)
	}
	return nil
}

// sortedKeys returns the keys of map v, of plan p, in the order traces and
// paths show them: as fmt orders them, then by how they print.
func sortedKeys(p *plan, v reflect.Value) []reflect.Value {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		return cmp.Or(compareKeys(a, b), strings.Compare(formatValue(p.key, a, 0), formatValue(p.key, b, 0)))
	})
	return keys
}

// formatKey prints a map key for a path: quoted if it is a string.
func formatKey(p *plan, k reflect.Value) string {
	if p.kind == reflect.String {
		return strconv.Quote(k.String())
	}
	return formatValue(p, k, 0)
}
