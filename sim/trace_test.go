package sim

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Messages of the trace scenario.
type (
	put struct {
		Key   string
		Value []byte
	}
	replicate struct {
		Op      *put
		Term    int
		Voters  map[string]NodeID
		Waiting []*put
	}
	ack struct {
		Key string
		OK  bool
	}
)

// traceScenario is a small fixed run touching most kinds of events: a
// client writes to a primary that replicates to a backup over a lossy
// network, with a crash, a restart and a partition.
func traceScenario(w *World) error {
	const primary, backup, client = NodeID(0), NodeID(1), NodeID(2)
	w.MustAddNode("primary", receiver(func(env Env, from NodeID, msg any) {
		switch m := msg.(type) {
		case put:
			env.Send(backup, &replicate{Op: &m, Term: 1, Voters: map[string]NodeID{"p": primary, "b": backup}})
			env.Send(from, ack{Key: m.Key, OK: true})
		case ack:
			env.Logf("backup has %s", m.Key)
		}
	}))
	w.MustAddNode("backup", func() Node {
		return &fnNode{
			start: func(env Env) { env.Logf("backup up, incarnation %d", env.Incarnation()) },
			recv: func(env Env, from NodeID, msg any) {
				r := msg.(*replicate)
				env.Storage().Put(r.Op.Key, r.Op.Value)
				env.Emit(ack{Key: r.Op.Key, OK: true})
				env.Send(from, ack{Key: r.Op.Key})
			},
		}
	})
	w.MustAddNode("client", starter(func(env Env) {
		i := 0
		var next func()
		next = func() {
			i++
			env.Send(primary, put{Key: fmt.Sprint("k", i), Value: []byte{byte(i)}})
			if i < 8 {
				env.After(2*time.Millisecond, next)
			}
		}
		next()
	}))
	w.At(5*time.Millisecond, func() { w.Crash(backup) })
	w.At(8*time.Millisecond, func() { w.Restart(backup) })
	w.At(10*time.Millisecond, func() { w.Partition([]NodeID{primary}, []NodeID{backup}) })
	w.At(13*time.Millisecond, w.Heal)
	w.At(16*time.Millisecond, func() { w.Pause(primary) })
	w.At(18*time.Millisecond, func() { w.Resume(primary) })
	return w.Run(25 * time.Millisecond)
}

// TestTraceGolden pins the trace of traceScenario, and its fingerprint:
// the format of trace lines, and that the same seed gives the same run in
// every version. Run with -update to rewrite testdata/trace.golden after a
// deliberate change.
func TestTraceGolden(t *testing.T) {
	var trace bytes.Buffer
	w := newWorld(t, Options{Seed: 7, Trace: &trace,
		Net: NetConfig{Latency: time.Millisecond, Jitter: time.Millisecond, Loss: 0.2, Duplicate: 0.2}})
	require.NoError(t, traceScenario(w))

	// The scenario must show what the golden file is for: every kind of
	// event, and messages with pointers printed by content.
	kinds := map[string]bool{}
	for line := range strings.Lines(trace.String()) {
		kinds[strings.Fields(line)[3]] = true
	}
	for k := KindStart; k <= KindWorld; k++ {
		assert.True(t, kinds[k.String()], "the trace has a %v event", k)
	}
	assert.NotContains(t, trace.String(), "0x", "no pointer addresses in the trace")

	fmt.Fprintf(&trace, "fingerprint %#016x\n", w.Fingerprint())
	path := filepath.Join("testdata", "trace.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, trace.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./sim -run TestTraceGolden -update to create it")
	assert.Equal(t, string(want), trace.String())
}

func TestTraceFilter(t *testing.T) {
	var all, drops bytes.Buffer
	net := NetConfig{Latency: time.Millisecond, Loss: 0.3}
	w := newWorld(t, Options{Seed: 7, Trace: &all, Net: net})
	require.NoError(t, traceScenario(w))
	w = newWorld(t, Options{Seed: 7, Trace: &drops, Net: net, TraceFilter: func(ev Event) bool { return ev.Kind == KindDrop }})
	require.NoError(t, traceScenario(w))

	var want []string
	for line := range strings.Lines(all.String()) {
		if strings.Contains(line, " drop ") {
			want = append(want, line)
		}
	}
	require.NotEmpty(t, want)
	assert.Equal(t, strings.Join(want, ""), drops.String())
}

type stringerMsg struct{ N int }

// padded has a blank field, which messages may have if it holds no
// references.
type padded struct {
	A *num
	_ [4]byte
	B int
}

func (s stringerMsg) String() string { return fmt.Sprintf("S%d", s.N) }

// color is an enum with names; painted carries one.
type color uint8

func (c color) String() string { return [...]string{"red", "green"}[c] }

type painted struct {
	C  color
	Cs []color
}

// nodeState has unexported fields, as a node's own state does: fmt cannot
// be handed them, but enums among them still print by name.
type nodeState struct {
	role  color
	kind  Kind
	term  int
	roles map[string]color
}

func TestFormatValuePrintsEnumsByName(t *testing.T) {
	st := nodeState{role: 1, kind: KindDeliver, term: 3, roles: map[string]color{"a": 0}}
	assert.Equal(t, "{role:green kind:deliver term:3 roles:map[a:red]}", formatValue(planFor(reflect.TypeFor[nodeState]()), reflect.ValueOf(st), 0))
}

func TestFormatMsg(t *testing.T) {
	shared := &put{Key: "k", Value: []byte{1}}
	long := strings.Repeat("é", 200)
	cases := []struct {
		msg  any
		want string
	}{
		{nil, ""},
		{num{N: 3}, "sim.num{N:3}"},
		{&num{N: 3}, "&sim.num{N:3}"},
		{"hi", "string(hi)"},
		{42, "int(42)"},
		{NodeID(4), "sim.NodeID(n4)"},
		{tagged{From: 2, Seq: 1}, "sim.tagged{From:n2 Seq:1}"},
		{[]int{1, 2}, "[]int[1 2]"},
		{map[string]int{"b": 2, "a": 1}, "map[string]int[a:1 b:2]"},
		{map[int]*num{10: {N: 1}, 9: {N: 2}}, "map[int]*sim.num[9:&{N:2} 10:&{N:1}]"},
		{replicate{Op: shared, Waiting: []*put{shared, nil}}, "sim.replicate{Op:&{Key:k Value:[1]} Term:0 Voters:map[] Waiting:[&{Key:k Value:[1]} <nil>]}"},
		{withAny{V: &num{N: 5}}, "sim.withAny{V:&{N:5}}"},
		{withAny{}, "sim.withAny{V:<nil>}"},
		{stringerMsg{N: 2}, "sim.stringerMsg(S2)"},
		{painted{C: 1, Cs: []color{0, 1}}, "sim.painted{C:green Cs:[red green]}"},
		{color(0), "sim.color(red)"},
		{badFunc{}, "sim.badFunc{F:<nil>}"},
		{padded{A: &num{N: 1}, B: 2}, "sim.padded{A:&{N:1} B:2}"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FormatMsg(tc.msg))
	}
	s := FormatMsg(long)
	assert.True(t, utf8.ValidString(s), "a long message is cut between characters")
	assert.LessOrEqual(t, len(s), maxMsgText)
	assert.True(t, strings.HasPrefix(s, "string(éé"))
	assert.True(t, strings.HasSuffix(s, "é..."))
}
