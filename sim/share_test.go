package sim

import (
	"cmp"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Node types of the sharing tests: a node with state of every shape.
type (
	logEntry struct {
		Term  int
		Value string
	}
	replicaLog struct {
		entries []*logEntry
		index   map[string]*logEntry
	}
	replica struct {
		env     Env
		peers   []NodeID
		log     replicaLog
		conf    *replicaConf
		any     any
		timer   Timer
		store   Storage
		rng     *rand.Rand
		lastErr error
		name    string
		notes   [2]*logEntry
	}
	replicaConf struct{ Quorum int }
)

func (r *replica) Start(env Env) {
	r.env = env
	r.store = env.Storage()
	r.rng = env.Rand()
	r.timer = env.After(time.Millisecond, func() {})
}

func (r *replica) Receive(Env, NodeID, any) {}

// freshReplica builds a replica with state of its own.
func freshReplica() *replica {
	e := &logEntry{Term: 1, Value: "x"}
	return &replica{
		peers: []NodeID{0, 1, 2},
		log:   replicaLog{entries: []*logEntry{e}, index: map[string]*logEntry{"x": e}},
		conf:  &replicaConf{Quorum: 2},
		name:  "shared strings are immutable",
	}
}

// sharingOf runs a world of the given nodes for a second and returns the
// SharedMemoryError it must end with.
func sharingOf(t *testing.T, opts Options, setup func(w *World)) (*PanicError, *SharedMemoryError) {
	t.Helper()
	w := newWorld(t, opts)
	setup(w)
	err := w.Run(time.Second)
	var perr *PanicError
	require.ErrorAs(t, err, &perr)
	assert.True(t, perr.Usage, "sharing memory is a misuse")
	var serr *SharedMemoryError
	require.ErrorAs(t, err, &serr)
	return perr, serr
}

func TestSharedMemoryIsReported(t *testing.T) {
	cases := []struct {
		name   string
		make   func() (a, b *replica)
		paths  [2]string
		types  [2]string
		nodeAt time.Duration // when the check found it
	}{
		{"peers slice passed to both", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			b.peers = a.peers
			return
		}, [2]string{"a.(*sim.replica).peers", "b.(*sim.replica).peers"}, [2]string{"[]sim.NodeID", "[]sim.NodeID"}, 0},
		{"pointer captured by the factory", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			b.conf = a.conf
			return
		}, [2]string{"a.(*sim.replica).conf", "b.(*sim.replica).conf"}, [2]string{"*sim.replicaConf", "*sim.replicaConf"}, 0},
		{"a log entry deep inside", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			b.log.entries = append(b.log.entries, a.log.entries[0])
			return
		}, [2]string{"a.(*sim.replica).log.entries[0]", "b.(*sim.replica).log.entries[1]"}, [2]string{"*sim.logEntry", "*sim.logEntry"}, 0},
		{"a map", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			b.log.index = a.log.index
			return
			// a reaches the entry first, by its log; b by the map it shares.
		}, [2]string{"a.(*sim.replica).log.entries[0]", `b.(*sim.replica).log.index["x"]`}, [2]string{"*sim.logEntry", "*sim.logEntry"}, 0},
		{"a map alone", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			a.any = map[int]int{1: 2}
			b.any = a.any
			return
		}, [2]string{"a.(*sim.replica).any.(map[int]int)", "b.(*sim.replica).any.(map[int]int)"}, [2]string{"map[int]int", "map[int]int"}, 0},
		{"through a map value and an interface", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			b.any = map[int]any{7: a.log.index["x"]}
			return
		}, [2]string{"a.(*sim.replica).log.entries[0]", "b.(*sim.replica).any.(map[int]interface {})[7].(*sim.logEntry)"}, [2]string{"*sim.logEntry", "*sim.logEntry"}, 0},
		{"an interior pointer into the other node", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			b.any = &a.log
			return
		}, [2]string{"a.(*sim.replica)", "b.(*sim.replica).any.(*sim.replicaLog)"}, [2]string{"*sim.replica", "*sim.replicaLog"}, 0},
		{"part of the other's slice", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			b.peers = a.peers[2:]
			return
		}, [2]string{"a.(*sim.replica).peers", "b.(*sim.replica).peers"}, [2]string{"[]sim.NodeID", "[]sim.NodeID"}, 0},
		{"an array of pointers", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			a.notes[1] = &logEntry{}
			b.notes[0] = a.notes[1]
			return
		}, [2]string{"a.(*sim.replica).notes[1]", "b.(*sim.replica).notes[0]"}, [2]string{"*sim.logEntry", "*sim.logEntry"}, 0},
		{"a random stream the harness made once", func() (a, b *replica) {
			a, b = freshReplica(), freshReplica()
			a.any = rand.New(rand.NewPCG(1, 2))
			b.any = a.any
			return
		}, [2]string{"a.(*sim.replica).any.(*rand.Rand)", "b.(*sim.replica).any.(*rand.Rand)"}, [2]string{"*rand.Rand", "*rand.Rand"}, 0},
		{"the same instance", func() (a, b *replica) {
			a = freshReplica()
			return a, a
		}, [2]string{"a.(*sim.replica)", "b.(*sim.replica)"}, [2]string{"*sim.replica", "*sim.replica"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := tc.make()
			perr, serr := sharingOf(t, Options{Seed: 4}, func(w *World) {
				addNode(t, w, "a", func() Node { return a })
				addNode(t, w, "calm", func() Node { return freshReplica() })
				addNode(t, w, "b", func() Node { return b })
			})
			assert.Equal(t, [2]string{"a", "b"}, serr.Nodes)
			assert.Equal(t, tc.paths, serr.Paths)
			assert.Equal(t, tc.types, serr.Types)
			assert.Equal(t, "b", perr.Node)
			assert.Equal(t, tc.nodeAt, perr.Time, "found before any event after the starts")
			assert.Contains(t, perr.Error(), "sim: seed 4: node b misused the simulator")
			assert.Contains(t, perr.Error(), serr.Error())
		})
	}
}

func TestSharedMemoryErrorText(t *testing.T) {
	e := &SharedMemoryError{Nodes: [2]string{"n1", "n2"},
		Paths: [2]string{"n1.(*paxos.Node).log", "n2.(*paxos.Node).log"}, Types: [2]string{"*paxos.Log", "*paxos.Log"}}
	assert.Equal(t, "sim: nodes n1 and n2 share memory: n1.(*paxos.Node).log and n2.(*paxos.Node).log reach the same *paxos.Log; nodes must not share mutable memory (a factory must build each node's values afresh, and a harness pass each node its own copies)", e.Error())
	e.Types[1] = "*paxos.Entry"
	assert.Contains(t, e.Error(), "reach overlapping memory (a *paxos.Log and a *paxos.Entry)")
}

// TestSharingReportIsTheSameInEveryRun: which shared place is named does
// not depend on addresses or map order.
func TestSharingReportIsTheSameInEveryRun(t *testing.T) {
	var first string
	for range 20 {
		shared := map[string]*logEntry{}
		for _, k := range []string{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"} {
			shared[k] = &logEntry{Value: k}
		}
		_, serr := sharingOf(t, Options{}, func(w *World) {
			for _, name := range []string{"a", "b"} {
				addNode(t, w, name, func() Node {
					r := freshReplica()
					r.any = map[string]*logEntry{"k": shared["t"], "j": shared["p"]}
					r.log.index = map[string]*logEntry{"z": shared["u"], "y": shared["e"]}
					return r
				})
			}
		})
		if first == "" {
			first = serr.Error()
			assert.Contains(t, first, `a.(*sim.replica).log.index["y"] and b.(*sim.replica).log.index["y"]`)
		}
		require.Equal(t, first, serr.Error())
	}
}

func TestSharingLaterInTheRunIsReported(t *testing.T) {
	for _, every := range []int{1, 100} {
		w := newWorld(t, Options{ShareCheckEvery: every})
		a := addNode(t, w, "a", func() Node { return freshReplica() })
		b := addNode(t, w, "b", func() Node { return freshReplica() })
		addNode(t, w, "ticker", calm)
		w.At(500*time.Millisecond, func() {
			w.Node(b).(*replica).conf = w.Node(a).(*replica).conf
		})
		err := w.Run(time.Second)
		var serr *SharedMemoryError
		require.ErrorAs(t, err, &serr, "every %d", every)
		assert.Equal(t, [2]string{"a.(*sim.replica).conf", "b.(*sim.replica).conf"}, serr.Paths)
		var perr *PanicError
		require.ErrorAs(t, err, &perr)
		if every == 1 {
			assert.Equal(t, 500*time.Millisecond, perr.Time, "found before the next event")
		} else {
			assert.Greater(t, perr.Time, 500*time.Millisecond)
		}
	}
	// And at the end of a run.
	w := newWorld(t, Options{})
	a := addNode(t, w, "a", func() Node { return freshReplica() })
	b := addNode(t, w, "b", func() Node { return freshReplica() })
	require.NoError(t, w.Run(time.Second))
	w.At(2*time.Second, func() { w.Node(b).(*replica).peers = w.Node(a).(*replica).peers })
	var serr *SharedMemoryError
	require.ErrorAs(t, w.Run(3*time.Second), &serr)
}

func TestSharingAfterRestart(t *testing.T) {
	shared := &replicaConf{}
	boots := 0
	w := newWorld(t, Options{})
	addNode(t, w, "a", func() Node { r := freshReplica(); r.conf = shared; return r })
	b := addNode(t, w, "b", func() Node {
		boots++
		r := freshReplica()
		if boots > 1 {
			r.conf = shared // only its second incarnation shares
		}
		return r
	})
	w.At(100*time.Millisecond, func() { w.Crash(b) })
	w.At(200*time.Millisecond, func() { w.Restart(b) })
	var perr *PanicError
	require.ErrorAs(t, w.Run(time.Second), &perr)
	assert.Equal(t, 200*time.Millisecond, perr.Time, "found right after the restart")
	assert.Contains(t, perr.Error(), "a.(*sim.replica).conf and b.(*sim.replica).conf reach the same *sim.replicaConf")
}

func TestWhatNodesMayShare(t *testing.T) {
	sentinel := errors.New("sim: a sentinel error")
	harness := &struct{ events []string }{}
	type host struct {
		replica
		h *struct{ events []string }
	}
	w := newWorld(t, Options{ShareCheckEvery: 1})
	w.AllowShared(harness)
	for _, name := range []string{"a", "b", "c"} {
		addNode(t, w, name, func() Node {
			r := freshReplica()
			r.lastErr = sentinel           // errors from errors.New cannot change
			r.any = []struct{}{{}, {}, {}} // zero-size elements: no memory
			return &host{replica: *r, h: harness}
		})
	}
	require.NoError(t, w.Run(time.Second), "Env, Storage, Timer, Rand of each node are its own; strings, errors and allowed memory may be shared")
}

func TestSharingCheckOff(t *testing.T) {
	shared := &replicaConf{}
	w := newWorld(t, Options{ShareCheckEvery: -1})
	for _, name := range []string{"a", "b"} {
		addNode(t, w, name, func() Node { r := freshReplica(); r.conf = shared; return r })
	}
	require.NoError(t, w.Run(time.Second))
}

func TestAllowSharedWantsAReference(t *testing.T) {
	w := newWorld(t, Options{})
	w.AllowShared(3)
	assert.ErrorContains(t, w.Run(time.Second), "sim: AllowShared(int): want a non-nil pointer, slice, map or channel")
}

// BenchmarkShareCheck measures one sharing check of five nodes, each with
// a log of 1,000 entries and an index of them; it reports the cost per
// value visited, which spacing checks by four events per value bounds
// against the cost of the events in between.
func BenchmarkShareCheck(b *testing.B) {
	w, err := New(Options{ShareCheckEvery: -1})
	require.NoError(b, err)
	for range 5 {
		w.MustAddNode("", func() Node {
			r := freshReplica()
			for i := range 1000 {
				e := &logEntry{Term: i, Value: "v"}
				r.log.entries = append(r.log.entries, e)
				r.log.index[strconv.Itoa(i)] = e
			}
			return r
		})
	}
	require.NoError(b, w.Run(time.Millisecond))
	b.ReportAllocs()
	b.ResetTimer()
	visited := 0
	for range b.N {
		if err := w.checkSharing(); err != nil {
			b.Fatal(err)
		}
		visited += w.share.scan.visited
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(visited), "ns/value")
}

func TestSortRegions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 10, 255, 256, 1000, 5000} {
		rs := make([]region, n)
		for i := range rs {
			// Heap-like addresses: a common high part, and a few equal starts.
			start := uintptr(0xc000000000 + r.Uint64N(1<<30)&^7)
			if i > 0 && r.IntN(10) == 0 {
				start = rs[i-1].start
			}
			rs[i] = region{start: start, end: start + 8, node: NodeID(i)}
		}
		want := slices.Clone(rs)
		slices.SortStableFunc(want, func(a, b region) int { return cmp.Compare(a.start, b.start) })
		got := sortRegions(rs, nil)
		require.Len(t, got, n)
		for i := range got {
			require.Equal(t, want[i].start, got[i].start, "n=%d i=%d", n, i)
		}
		assert.ElementsMatch(t, want, got, "n=%d: the same regions", n)
	}
}
