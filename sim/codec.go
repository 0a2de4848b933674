package sim

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// maxDepth bounds how deeply a message may nest (pointers, slices, maps,
// interfaces). A deeper value is almost always a cycle, which could not be
// encoded for a real network either.
const maxDepth = 100

// codec is what the simulator knows about one message type: whether it can
// cross a network at all, whether its values need a deep copy, and its
// fixed encoded size when it has one.
type codec struct {
	typ      reflect.Type
	err      error  // why values of the type cannot be sent, or nil
	deep     bool   // values hold pointers, slices or maps (outside interfaces)
	iface    bool   // values hold interfaces, which may hold anything
	fixed    int    // encoded size when it does not depend on the value, else -1
	typeHash uint64 // hash of the type's name, for interface values
}

// codecs caches a codec per type. It is a cache of facts about types, the
// same in every world, so sharing it never changes what a run does.
var codecs sync.Map // reflect.Type -> *codec

// codecFor returns the codec of t, building it on first use.
func codecFor(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	c := &codec{
		typ:      t,
		deep:     isDeep(t, map[reflect.Type]bool{}),
		iface:    hasIface(t, map[reflect.Type]bool{}),
		fixed:    fixedSize(t),
		typeHash: stringHash(t.String()),
	}
	if err := checkType(t, typeLabel(t), map[reflect.Type]bool{}); err != nil {
		c.err = fmt.Errorf("sim: message type %s cannot cross a network: %v", t, err)
	}
	actual, _ := codecs.LoadOrStore(t, c)
	return actual.(*codec)
}

// typeLabel names t for error paths: its short name (a pointer's element's,
// for a pointer), or its full name when it has none.
func typeLabel(t reflect.Type) string {
	for t.Name() == "" && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

// checkType reports the first part of t that could not be sent over a real
// network: an unexported field, a func, a channel, an unsafe pointer or a
// uintptr. path names where that part sits inside the message.
func checkType(t reflect.Type, path string, seen map[reflect.Type]bool) error {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128,
		reflect.String, reflect.Interface:
		return nil
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Uintptr:
		return fmt.Errorf("%s has kind %s", path, t.Kind())
	}
	if seen[t] {
		return nil
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer:
		return checkType(t.Elem(), path, seen)
	case reflect.Slice, reflect.Array:
		return checkType(t.Elem(), path+"[]", seen)
	case reflect.Map:
		if err := checkType(t.Key(), path+"[key]", seen); err != nil {
			return err
		}
		return checkType(t.Elem(), path+"[value]", seen)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			fp := path + "." + f.Name
			if f.Name == "_" {
				if isDeep(f.Type, map[reflect.Type]bool{}) {
					return fmt.Errorf("blank field %s holds references", fp)
				}
				continue
			}
			if !f.IsExported() {
				return fmt.Errorf("field %s is unexported", fp)
			}
			if err := checkType(f.Type, fp, seen); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%s has unsupported kind %s", path, t.Kind())
}

// isDeep reports whether values of t refer to mutable memory outside
// themselves, so that sharing them would share memory between nodes. An
// interface does not count: the value boxed in it cannot be changed through
// it, so only what that value refers to matters, which hasIface flags for a
// check at run time.
func isDeep(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map,
		reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return isDeep(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return false
		}
		seen[t] = true
		for i := range t.NumField() {
			if isDeep(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// hasIface reports whether values of t hold interfaces outside pointers,
// slices and maps (deep types are copied whole anyway).
func hasIface(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Array:
		return hasIface(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return false
		}
		seen[t] = true
		for i := range t.NumField() {
			if hasIface(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// fixedSize returns the encoded size of every value of t, or -1 when it
// depends on the value.
func fixedSize(t reflect.Type) int {
	switch t.Kind() {
	case reflect.Bool, reflect.Int8, reflect.Uint8:
		return 1
	case reflect.Int16, reflect.Uint16:
		return 2
	case reflect.Int32, reflect.Uint32, reflect.Float32:
		return 4
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Float64, reflect.Complex64:
		return 8
	case reflect.Complex128:
		return 16
	case reflect.Array:
		if e := fixedSize(t.Elem()); e >= 0 {
			return e * t.Len()
		}
	case reflect.Struct:
		n := 0
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Name == "_" {
				continue
			}
			e := fixedSize(f.Type)
			if e < 0 {
				return -1
			}
			n += e
		}
		return n
	}
	return -1
}

// copyMessage returns an independent copy of msg and its content hash, or
// an error naming the part of msg that could not cross a network.
func copyMessage(msg any) (any, uint64, error) {
	v := reflect.ValueOf(msg)
	c := codecFor(v.Type())
	if c.err != nil {
		return nil, 0, c.err
	}
	h, shared, err := hashValue(c.typeHash, v, 0)
	if err != nil {
		return nil, 0, valueError(v, err)
	}
	if !shared {
		// An interface holding a value without references is immutable:
		// every receiver gets its own copy when it asserts the type.
		return msg, h, nil
	}
	cp, err := deepCopy(v, 0)
	if err != nil {
		return nil, 0, err
	}
	return cp.Interface(), h, nil
}

// recopy returns another independent copy of a message that copyMessage
// already accepted (for a duplicate delivery).
func recopy(msg any) any {
	v := reflect.ValueOf(msg)
	if _, shared, _ := hashValue(0, v, 0); !shared {
		return msg
	}
	cp, err := deepCopy(v, 0)
	if err != nil {
		panic(err) // the same value was copied once already
	}
	return cp.Interface()
}

func deepCopy(v reflect.Value, depth int) (reflect.Value, error) {
	if depth > maxDepth {
		return reflect.Value{}, fmt.Errorf("sim: message of type %s nests deeper than %d levels (a cycle?)", v.Type(), maxDepth)
	}
	t := v.Type()
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(t), nil
		}
		e, err := deepCopy(v.Elem(), depth+1)
		if err != nil {
			return e, err
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(e)
		return p, nil
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(t), nil
		}
		s := reflect.MakeSlice(t, v.Len(), v.Len())
		if c := codecFor(t.Elem()); !c.deep && !c.iface {
			reflect.Copy(s, v)
			return s, nil
		}
		for i := range v.Len() {
			e, err := deepCopy(v.Index(i), depth+1)
			if err != nil {
				return e, err
			}
			s.Index(i).Set(e)
		}
		return s, nil
	case reflect.Array:
		if c := codecFor(t); !c.deep && !c.iface {
			return v, nil
		}
		a := reflect.New(t).Elem()
		for i := range v.Len() {
			e, err := deepCopy(v.Index(i), depth+1)
			if err != nil {
				return e, err
			}
			a.Index(i).Set(e)
		}
		return a, nil
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(t), nil
		}
		m := reflect.MakeMapWithSize(t, v.Len())
		it := v.MapRange()
		for it.Next() {
			k, err := deepCopy(it.Key(), depth+1)
			if err != nil {
				return k, err
			}
			e, err := deepCopy(it.Value(), depth+1)
			if err != nil {
				return e, err
			}
			m.SetMapIndex(k, e)
		}
		return m, nil
	case reflect.Struct:
		if c := codecFor(t); !c.deep && !c.iface {
			return v, nil
		}
		s := reflect.New(t).Elem()
		s.Set(v)
		for i := range t.NumField() {
			if fc := codecFor(t.Field(i).Type); t.Field(i).Name == "_" || (!fc.deep && !fc.iface) {
				continue
			}
			e, err := deepCopy(v.Field(i), depth+1)
			if err != nil {
				return e, err
			}
			s.Field(i).Set(e)
		}
		return s, nil
	case reflect.Interface:
		if v.IsNil() {
			return reflect.Zero(t), nil
		}
		d := v.Elem()
		c := codecFor(d.Type())
		if c.err != nil {
			return reflect.Value{}, c.err
		}
		if !c.deep && !c.iface {
			return v, nil // the boxed value is immutable
		}
		e, err := deepCopy(d, depth+1)
		if err != nil {
			return e, err
		}
		r := reflect.New(t).Elem()
		r.Set(e)
		return r, nil
	}
	return v, nil
}

// fold mixes x into the running hash h.
func fold(h, x uint64) uint64 {
	return mix64(h*0x100000001b3 ^ x)
}

// hashValue folds the content of v into h. Equal values hash equally in
// every process: maps are hashed independently of iteration order and
// pointers by what they point to. It also reports whether v refers to
// mutable memory (a non-nil pointer, slice or map, at any depth, through
// interfaces too), so that sending it needs a deep copy.
func hashValue(h uint64, v reflect.Value, depth int) (uint64, bool, error) {
	if depth > maxDepth {
		return 0, false, fmt.Errorf("sim: message of type %s nests deeper than %d levels (a cycle?)", v.Type(), maxDepth)
	}
	switch v.Kind() {
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
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b := v.Bytes()
			return fold(fold(h, uint64(len(b))+1), stringHash(string(b))), true, nil
		}
		h, _, err := hashElems(fold(h, uint64(v.Len())+1), v, depth)
		return h, true, err
	case reflect.Array:
		return hashElems(fold(h, uint64(v.Len())), v, depth)
	case reflect.Map:
		if v.IsNil() {
			return fold(h, 0), false, nil
		}
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			kh, _, err := hashValue(0x51, it.Key(), depth+1)
			if err != nil {
				return 0, false, err
			}
			eh, _, err := hashValue(kh, it.Value(), depth+1)
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
		h, _, err := hashValue(fold(h, 1), v.Elem(), depth+1)
		return h, true, err
	case reflect.Struct:
		t := v.Type()
		shared := false
		for i := range v.NumField() {
			if t.Field(i).Name == "_" {
				continue
			}
			var s bool
			var err error
			if h, s, err = hashValue(h, v.Field(i), depth+1); err != nil {
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
		c := codecFor(d.Type())
		if c.err != nil {
			return 0, false, c.err
		}
		return hashValue(fold(h, c.typeHash), d, depth+1)
	}
	return 0, false, fmt.Errorf("sim: cannot hash a value of kind %s", v.Kind())
}

// hashElems folds the elements of a slice or array into h.
func hashElems(h uint64, v reflect.Value, depth int) (uint64, bool, error) {
	shared := false
	for i := range v.Len() {
		var s bool
		var err error
		if h, s, err = hashValue(h, v.Index(i), depth+1); err != nil {
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
	c := codecFor(v.Type())
	if c.err != nil {
		return 0
	}
	if c.fixed >= 0 {
		return c.fixed
	}
	return max(sizeValue(v, 0), 0)
}

// sizeValue returns the encoded size of v, or -1 if v cannot be sent (an
// interface in it holds something that cannot, or it nests too deeply).
func sizeValue(v reflect.Value, depth int) int {
	if depth > maxDepth {
		return -1
	}
	if c := codecFor(v.Type()); c.fixed >= 0 {
		return c.fixed
	}
	switch v.Kind() {
	case reflect.String:
		return 4 + v.Len()
	case reflect.Slice, reflect.Array:
		n := 0
		if v.Kind() == reflect.Slice {
			n = 4
		}
		if e := codecFor(v.Type().Elem()).fixed; e >= 0 {
			return n + e*v.Len()
		}
		for i := range v.Len() {
			e := sizeValue(v.Index(i), depth+1)
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
			k, e := sizeValue(it.Key(), depth+1), sizeValue(it.Value(), depth+1)
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
		e := sizeValue(v.Elem(), depth+1)
		if e < 0 {
			return -1
		}
		return 1 + e
	case reflect.Struct:
		n := 0
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).Name == "_" {
				continue
			}
			e := sizeValue(v.Field(i), depth+1)
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
		if codecFor(d.Type()).err != nil {
			return -1
		}
		e := sizeValue(d, depth+1)
		if e < 0 {
			return -1
		}
		return 1 + len(d.Type().String()) + e
	}
	return 0
}

// valueError explains why v, a value of a type that can be sent, cannot be:
// an interface in it holds something that cannot cross a network, or it
// is a cycle. hashValue finds such values without keeping the path to
// them, to stay fast; this walks v again to name the type and the path.
// It returns found (what hashValue reported) if the walk finds nothing.
func valueError(v reflect.Value, found error) error {
	if err := walkValue(v, typeLabel(v.Type()), 0, map[visit]string{}); err != nil {
		return fmt.Errorf("sim: message type %s cannot cross a network: %v", v.Type(), err)
	}
	return found
}

// visit names a pointer, map or slice on the path from a message's root,
// to detect cycles.
type visit struct {
	typ reflect.Type
	ptr uintptr
}

// walkValue returns the first part of v, at path, that cannot be sent, or
// nil. onPath holds the references on the way from the root to v and their
// paths. Map entries are walked in key order, so that the same value always
// gives the same error.
func walkValue(v reflect.Value, path string, depth int, onPath map[visit]string) error {
	if depth > maxDepth {
		return fmt.Errorf("%s nests deeper than %d levels", path, maxDepth)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		if v.IsNil() {
			return nil
		}
		key := visit{v.Type(), v.Pointer()}
		if first, ok := onPath[key]; ok {
			return fmt.Errorf("%s points back to %s (a cycle)", path, first)
		}
		onPath[key] = path
		defer delete(onPath, key)
	}
	switch v.Kind() {
	case reflect.Pointer:
		return walkValue(v.Elem(), path, depth+1, onPath)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := walkValue(v.Index(i), path+"["+strconv.Itoa(i)+"]", depth+1, onPath); err != nil {
				return err
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return cmp.Or(compareKeys(a, b), strings.Compare(formatValue(a, 0), formatValue(b, 0)))
		})
		for _, k := range keys {
			kp := path + "[" + formatValue(k, 0) + "]"
			if k.Kind() == reflect.String {
				kp = path + "[" + strconv.Quote(k.String()) + "]"
			}
			if err := walkValue(k, kp+"(key)", depth+1, onPath); err != nil {
				return err
			}
			if err := walkValue(v.MapIndex(k), kp, depth+1, onPath); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).Name == "_" {
				continue
			}
			if err := walkValue(v.Field(i), path+"."+t.Field(i).Name, depth+1, onPath); err != nil {
				return err
			}
		}
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		d := v.Elem()
		dp := path + ".(" + d.Type().String() + ")"
		if err := checkType(d.Type(), dp, map[reflect.Type]bool{}); err != nil {
			return err
		}
		return walkValue(d, dp, depth+1, onPath)
	}
	return nil
}
