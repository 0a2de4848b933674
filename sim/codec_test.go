package sim

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Message types of the codec tests.
type (
	inner struct{ N int }
	box   struct {
		Vals []int
		M    map[string][]int
		P    *inner
		Any  any
		Arr  [2]*inner
	}
	withAny struct{ V any }
	ring    struct {
		N    int
		Next *ring
	}
	hidden          struct{ x int }
	badUnexported   struct{ A, b int }
	badFunc         struct{ F func() }
	badChan         struct{ C chan int }
	badUintptr      struct{ U uintptr }
	badUnsafe       struct{ P unsafe.Pointer }
	badNestedSlice  struct{ Items []hidden }
	badNestedMap    struct{ M map[string]*hidden }
	badNestedPtr    struct{ P *hidden }
	badNestedDeeper struct{ Outer []map[int]badFunc }
)

// exchange runs a world in which node a sends msg to node b in its Start,
// then runs mutate (if any) on a's copy, and returns what b received.
func exchange(t *testing.T, net NetConfig, msg any, mutate func()) *sink {
	t.Helper()
	w := newWorld(t, Options{Net: net})
	addNode(t, w, "a", starter(func(env Env) {
		env.Send(1, msg)
		if mutate != nil {
			mutate()
		}
	}))
	_, s := addSink(t, w, "b")
	require.NoError(t, w.Run(time.Second))
	return s
}

func newBox() *box {
	return &box{
		Vals: []int{1, 2, 3},
		M:    map[string][]int{"k": {7}},
		P:    &inner{N: 5},
		Any:  &inner{N: 6},
		Arr:  [2]*inner{{N: 8}, nil},
	}
}

func TestSenderMutationAfterSendIsNotSeen(t *testing.T) {
	msg := newBox()
	s := exchange(t, NetConfig{Latency: time.Millisecond}, msg, func() {
		msg.Vals[0] = 100
		msg.M["k"][0] = 100
		msg.M["new"] = nil
		msg.P.N = 100
		msg.Any.(*inner).N = 100
		msg.Arr[0].N = 100
	})
	require.Len(t, s.got, 1)
	assert.Equal(t, newBox(), s.got[0].Msg)
}

func TestReceiverMutationIsNotSeenBySenderOrDuplicate(t *testing.T) {
	cases := []struct {
		name   string
		msg    func() any
		mutate func(any)
	}{
		{"pointer to struct", func() any { return newBox() }, func(m any) {
			b := m.(*box)
			b.Vals[1] = -1
			b.M["k"][0] = -1
			b.P.N = -1
			b.Any.(*inner).N = -1
			b.Arr[0].N = -1
		}},
		{"slice", func() any { return []int{1, 2, 3} }, func(m any) { m.([]int)[0] = -1 }},
		{"map", func() any { return map[string][]int{"a": {1}} }, func(m any) {
			mm := m.(map[string][]int)
			mm["a"][0] = -1
			mm["b"] = []int{2}
		}},
		{"slice of interfaces", func() any { return []any{&inner{N: 1}, []int{2}} }, func(m any) {
			s := m.([]any)
			s[0].(*inner).N = -1
			s[1].([]int)[0] = -1
		}},
		{"interface field holding a slice", func() any { return withAny{V: []string{"x"}} }, func(m any) {
			m.(withAny).V.([]string)[0] = "changed"
		}},
		{"map of interfaces", func() any { return map[int]any{1: &inner{N: 1}} }, func(m any) {
			m.(map[int]any)[1].(*inner).N = -1
		}},
		{"struct with a blank field", func() any { return padded{A: &num{N: 1}, B: 2} }, func(m any) {
			m.(padded).A.N = -1
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sent := tc.msg()
			w := newWorld(t, Options{Net: NetConfig{Duplicate: 1}})
			var got []any
			addNode(t, w, "a", starter(func(env Env) { env.Send(1, sent) }))
			addNode(t, w, "b", receiver(func(env Env, from NodeID, msg any) {
				got = append(got, msg)
				if len(got) == 1 {
					tc.mutate(msg)
				}
			}))
			require.NoError(t, w.Run(time.Second))
			require.Len(t, got, 2, "Duplicate: 1 delivers every message twice")
			assert.Equal(t, tc.msg(), sent, "the sender's value is unchanged")
			assert.Equal(t, tc.msg(), got[1], "the duplicate is unchanged")
			assert.NotEqual(t, tc.msg(), got[0], "the test must change the first copy")
		})
	}
}

// eface returns the data word of an interface value: equal words mean the
// two interfaces box the very same memory.
func eface(v any) unsafe.Pointer { return (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1] }

func TestValuesWithoutReferencesAreNotCopied(t *testing.T) {
	for _, msg := range []any{
		num{N: 3},
		tagged{From: 1, Seq: 2},
		[4]int{1, 2, 3, 4},
		"a string",
		withAny{V: num{N: 1}},
		withAny{V: nil},
		box{}, // all references nil
	} {
		t.Run(fmt.Sprintf("%T", msg), func(t *testing.T) {
			cp, _, err := copyMessage(msg)
			require.NoError(t, err)
			assert.Equal(t, eface(msg), eface(cp), "the boxed value is shared, not copied")
		})
	}
	// And a value with references is copied.
	m := withAny{V: &inner{N: 1}}
	cp, _, err := copyMessage(m)
	require.NoError(t, err)
	assert.NotSame(t, m.V, cp.(withAny).V)
	assert.Equal(t, m, cp)
}

func TestUnsendableMessagesNameTypeAndField(t *testing.T) {
	cyc := &ring{N: 1}
	cyc.Next = &ring{N: 2, Next: cyc}
	cases := []struct {
		name string
		msg  any
		want []string // all must appear in the error
	}{
		{"unexported field", badUnexported{}, []string{"sim.badUnexported", "badUnexported.b", "unexported"}},
		{"func field", badFunc{}, []string{"sim.badFunc", "badFunc.F", "func"}},
		{"chan field", badChan{}, []string{"sim.badChan", "badChan.C", "chan"}},
		{"uintptr", badUintptr{}, []string{"sim.badUintptr", "badUintptr.U", "uintptr"}},
		{"unsafe pointer", badUnsafe{}, []string{"sim.badUnsafe", "badUnsafe.P", "unsafe.Pointer"}},
		{"unexported inside slice", badNestedSlice{}, []string{"sim.badNestedSlice", "badNestedSlice.Items[].x", "unexported"}},
		{"unexported inside map", badNestedMap{}, []string{"sim.badNestedMap", "badNestedMap.M[value].x", "unexported"}},
		{"unexported behind pointer", badNestedPtr{}, []string{"sim.badNestedPtr", "badNestedPtr.P.x", "unexported"}},
		{"deeply nested func", badNestedDeeper{}, []string{"sim.badNestedDeeper", "badNestedDeeper.Outer[][value].F", "func"}},
		{"pointer to bad type", &badFunc{}, []string{"*sim.badFunc", "badFunc.F", "func"}},
		{"interface holding a func", withAny{V: func() {}}, []string{"sim.withAny", "withAny.V", "func"}},
		{"interface holding a bad struct", withAny{V: hidden{}}, []string{"sim.withAny", "withAny.V", "sim.hidden", ".x", "unexported"}},
		{"interface inside slice holding a chan", []any{1, make(chan int)}, []string{"[]interface {}", "[1]", "chan"}},
		{"cycle", cyc, []string{"*sim.ring", "ring.Next.Next", "cycle"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, Options{Seed: 9})
			evs := record(w)
			addNode(t, w, "sender", starter(func(env Env) { env.Send(1, tc.msg) }))
			addNode(t, w, "receiver", idle)
			err := w.Run(time.Second)
			var perr *PanicError
			require.ErrorAs(t, err, &perr)
			assert.True(t, perr.Usage)
			assert.Equal(t, "sender", perr.Node)
			assert.Equal(t, "start", perr.Event)
			for _, want := range tc.want {
				assert.Contains(t, perr.Error(), want)
			}
			assert.Empty(t, ofKind(*evs, KindSend), "nothing was sent")
			assert.Equal(t, 0, Size(tc.msg), "a message that cannot be sent has size 0")
		})
	}
}

func TestBadSendsAreUsagePanics(t *testing.T) {
	cases := []struct {
		name string
		to   NodeID
		msg  any
		want string
	}{
		{"nil message", 1, nil, "nil message"},
		{"unknown node -1", -1, num{}, "unknown node -1"},
		{"unknown node N", 2, num{}, "unknown node 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, Options{})
			addNode(t, w, "a", receiver(func(env Env, _ NodeID, _ any) { env.Send(tc.to, tc.msg) }))
			addNode(t, w, "b", starter(func(env Env) { env.Send(0, num{}) }))
			var perr *PanicError
			require.ErrorAs(t, w.Run(time.Second), &perr)
			assert.True(t, perr.Usage)
			assert.Equal(t, "a", perr.Node)
			assert.Equal(t, "deliver from b: sim.num{N:0}", perr.Event)
			assert.Contains(t, perr.Error(), tc.want)
		})
	}
}

func TestSize(t *testing.T) {
	type mixed struct {
		A int8
		B uint16
		C int32
		D float64
		E bool
	}
	type lists struct {
		S string
		B []byte
		L []int32
	}
	type ptrs struct{ P, Q *num }
	type nested struct {
		Items []lists
		Tags  map[string]bool
	}
	cases := []struct {
		name string
		msg  any
		want int
	}{
		{"int field", num{N: 1}, 8},
		{"fixed-width fields", mixed{}, 1 + 2 + 4 + 8 + 1},
		{"string", "hello", 4 + 5},
		{"complex", struct{ C complex128 }{}, 16},
		{"array", [3]int16{}, 6},
		{"strings and slices", lists{S: "abc", B: []byte{1, 2}, L: []int32{1, 2, 3}}, (4 + 3) + (4 + 2) + (4 + 12)},
		{"nil slices", lists{}, 4 + 4 + 4},
		{"map", map[string]int{"a": 1, "bb": 2}, 4 + (4 + 1 + 8) + (4 + 2 + 8)},
		{"pointers", ptrs{P: &num{}}, (1 + 8) + 1},
		{"pointer message", &num{N: 2}, 1 + 8},
		{"interface", withAny{V: num{N: 3}}, 1 + len("sim.num") + 8},
		{"nil interface", withAny{}, 1},
		{"nested", nested{Items: []lists{{S: "x"}}, Tags: map[string]bool{"t": true}},
			(4 + (4 + 1) + 4 + 4) + (4 + (4 + 1) + 1)},
		{"nil", nil, 0},
		{"unsendable type", badFunc{}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Size(tc.msg))
		})
	}
}

func msgHash(t *testing.T, msg any) uint64 {
	t.Helper()
	_, h, err := copyMessage(msg)
	require.NoError(t, err)
	return h
}

func TestHashIgnoresMapInsertionOrder(t *testing.T) {
	const n = 200
	up := map[string][]int{}
	for i := range n {
		up[fmt.Sprint("k", i)] = []int{i, i * i}
	}
	down := map[string][]int{}
	for i := n - 1; i >= 0; i-- {
		down[fmt.Sprint("k", i)] = []int{i, i * i}
	}
	nestedUp := withAny{V: map[int]map[string][]int{1: up}}
	nestedDown := withAny{V: map[int]map[string][]int{1: down}}

	assert.Equal(t, msgHash(t, up), msgHash(t, down))
	assert.Equal(t, msgHash(t, nestedUp), msgHash(t, nestedDown))
	// Hashing the same map again (a new iteration order) agrees too.
	for range 10 {
		assert.Equal(t, msgHash(t, up), msgHash(t, up))
	}
	// Pointers hash by what they point to.
	assert.Equal(t, msgHash(t, &inner{N: 4}), msgHash(t, &inner{N: 4}))
}

func TestHashTellsDifferentContentApart(t *testing.T) {
	base := map[string]int{"a": 1, "b": 2}
	msgs := []any{
		base,
		map[string]int{"a": 1, "b": 3},         // one value differs
		map[string]int{"a": 1, "c": 2},         // one key differs
		map[string]int{"a": 1, "b": 2, "c": 0}, // one more key
		map[string]int{"a": 2, "b": 1},         // values swapped between keys
		map[string]int{},
		map[string]int(nil),
		num{N: 1},
		num{N: 2},
		tagged{From: 0, Seq: 1}, // same numbers as num{1}'s, another type
		inner{N: 1},             // same shape as num, another type
		&inner{N: 1},
		(*inner)(nil),
		[]int{1, 2},
		[]int{2, 1},
		[]int{1, 2, 0},
		[]int{},
		[]int(nil),
		"ab",
		"ba",
		withAny{V: 1},
		withAny{V: int64(1)},
		withAny{V: "1"},
		withAny{},
	}
	seen := map[uint64]int{}
	for i, m := range msgs {
		h := msgHash(t, m)
		if j, dup := seen[h]; dup {
			t.Errorf("messages %d (%#v) and %d (%#v) hash alike", j, msgs[j], i, m)
		}
		seen[h] = i
	}
}

func TestUnsendableErrorMentionsType(t *testing.T) {
	_, _, err := copyMessage(badFunc{})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "sim: message type sim.badFunc cannot cross a network"), err.Error())
}
