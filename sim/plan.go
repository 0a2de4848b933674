package sim

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// A plan is the simulator's one table of rules about a Go type: which of
// its parts count, whether its values refer to memory outside themselves,
// its fixed encoded size, and whether it can cross a network. Every walk
// over values (copying, hashing and sizing messages, formatting them,
// explaining why one cannot be sent, and looking for memory that nodes
// share) follows plans instead of asking reflect again, so that each rule
// is written once, here:
//
//   - A blank field ("_") holds no data: it is never in fields, so no walk
//     sees it; a message type whose blank field could hold references is
//     refused (the copy would not copy it).
//   - Pointers, slices, maps, funcs, channels and unsafe pointers are deep:
//     values holding one refer to memory outside themselves. Interfaces are
//     not deep (the value boxed in one cannot be changed through it) but
//     are flagged iface, since what they box may be deep.
//   - A value of a type that is neither deep nor iface ("flat") can be
//     shared as it is: copying it is assigning it.
//
// Plans cover every field, exported or not, so that walks over a node's
// own state (which the sharing check does, and a state hash or a state
// viewer would do) use the same table as walks over messages; message
// walks only ever see types whose err is nil, whose fields are all
// exported.
type plan struct {
	typ      reflect.Type
	kind     reflect.Kind
	name     string  // typ.String(), as hashes, sizes and paths use it
	elem     *plan   // Pointer, Slice, Array: the element; Map: the value
	key      *plan   // Map: the key
	fields   []field // Struct: every field but blank ones, in order
	blanks   []field // Struct: the blank fields, for the message check only
	bytes    bool    // a slice of bytes, hashed as one string
	deep     bool    // values refer to memory outside themselves (not through interfaces)
	iface    bool    // values hold interfaces outside pointers, slices and maps
	flat     bool    // neither deep nor iface: values can be shared as they are
	format   bool    // fmt prints values with their own String or Error method
	test     bool    // a type declared in a test package (its path ends in _test)
	opaque   bool    // the sharing check does not enter values of the type (shareOpaque)
	size     uintptr // typ.Size(): the memory a value takes
	fixed    int     // encoded size when it does not depend on the value, else -1
	typeHash uint64  // hash of name, folded before an interface's value
	err      error   // why values cannot cross a network, or nil
}

// field is one non-blank field of a struct plan.
type field struct {
	index    int
	name     string
	exported bool
	plan     *plan
}

// plans caches a plan per type. It is a cache of facts about types, the
// same in every world, so sharing it never changes what a run does.
var plans sync.Map // reflect.Type -> *plan

// planFor returns the plan of t, building it (and the plans of the types
// it is made of) on first use.
func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	b := planBuilder{made: map[reflect.Type]*plan{}}
	b.build(t)
	// The message check follows pointers, so it waits until every plan of
	// the batch, cycles included, is complete.
	for _, p := range b.order {
		if err := checkType(p, typeLabel(p.typ), map[*plan]bool{}); err != nil {
			p.err = fmt.Errorf("sim: message type %s cannot cross a network: %v", p.typ, err)
		}
	}
	for _, p := range b.order {
		plans.LoadOrStore(p.typ, p)
	}
	// t's plan is in the cache now: this batch's, or that of another
	// world's goroutine that built t at the same time (and then b.build
	// found it there and left it out of b.order).
	root, _ := plans.Load(t)
	return root.(*plan)
}

// planBuilder builds the plans of one type and of the types it refers to.
type planBuilder struct {
	made  map[reflect.Type]*plan
	order []*plan
}

func (b *planBuilder) build(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := b.made[t]; ok {
		return p // a cycle, which always runs through a pointer, slice or map
	}
	p := &plan{typ: t, kind: t.Kind(), name: t.String(), fixed: -1}
	p.typeHash = stringHash(p.name)
	p.format = hasFormatMethod(t)
	p.test = strings.HasSuffix(t.PkgPath(), "_test")
	p.opaque = shareOpaque[t]
	p.size = t.Size()
	b.made[t] = p
	b.order = append(b.order, p)
	switch p.kind {
	case reflect.Bool, reflect.Int8, reflect.Uint8:
		p.fixed = 1
	case reflect.Int16, reflect.Uint16:
		p.fixed = 2
	case reflect.Int32, reflect.Uint32, reflect.Float32:
		p.fixed = 4
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Float64, reflect.Complex64:
		p.fixed = 8
	case reflect.Complex128:
		p.fixed = 16
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		p.deep = true
	case reflect.Interface:
		p.iface = true
	case reflect.Pointer:
		p.deep = true
		p.elem = b.build(t.Elem())
	case reflect.Slice:
		p.deep = true
		p.elem = b.build(t.Elem())
		p.bytes = t.Elem().Kind() == reflect.Uint8
	case reflect.Map:
		p.deep = true
		p.key = b.build(t.Key())
		p.elem = b.build(t.Elem())
	case reflect.Array:
		// An array holds its elements inline, so their plans are complete.
		p.elem = b.build(t.Elem())
		p.deep, p.iface = p.elem.deep, p.elem.iface
		if p.elem.fixed >= 0 {
			p.fixed = p.elem.fixed * t.Len()
		}
	case reflect.Struct:
		p.fixed = 0
		for i := range t.NumField() {
			sf := t.Field(i)
			f := field{index: i, name: sf.Name, exported: sf.IsExported(), plan: b.build(sf.Type)}
			if sf.Name == "_" {
				p.blanks = append(p.blanks, f)
				continue
			}
			p.fields = append(p.fields, f)
			p.deep = p.deep || f.plan.deep
			p.iface = p.iface || f.plan.iface
			if p.fixed >= 0 && f.plan.fixed >= 0 {
				p.fixed += f.plan.fixed
			} else {
				p.fixed = -1
			}
		}
	}
	p.flat = !p.deep && !p.iface
	return p
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

// checkType reports the first part of p's type that could not be sent over
// a real network: an unexported field, a func, a channel, an unsafe pointer
// or a uintptr. path names where that part sits inside the message.
func checkType(p *plan, path string, seen map[*plan]bool) error {
	switch p.kind {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128,
		reflect.String, reflect.Interface:
		return nil
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Uintptr:
		return fmt.Errorf("%s has kind %s", path, p.kind)
	}
	if seen[p] {
		return nil
	}
	seen[p] = true
	switch p.kind {
	case reflect.Pointer:
		return checkType(p.elem, path, seen)
	case reflect.Slice, reflect.Array:
		return checkType(p.elem, path+"[]", seen)
	case reflect.Map:
		if err := checkType(p.key, path+"[key]", seen); err != nil {
			return err
		}
		return checkType(p.elem, path+"[value]", seen)
	case reflect.Struct:
		// Fields in declaration order, blank ones included.
		fs, bs := p.fields, p.blanks
		for len(fs) > 0 || len(bs) > 0 {
			if len(bs) > 0 && (len(fs) == 0 || bs[0].index < fs[0].index) {
				if bs[0].plan.deep {
					return fmt.Errorf("blank field %s holds references", path+"._")
				}
				bs = bs[1:]
				continue
			}
			f := fs[0]
			fs = fs[1:]
			fp := path + "." + f.name
			if !f.exported {
				return fmt.Errorf("field %s is unexported", fp)
			}
			if err := checkType(f.plan, fp, seen); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%s has unsupported kind %s", path, p.kind)
}
