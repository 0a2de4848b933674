package sim

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestObserversSeeEveryKindOfEvent runs a scenario with every kind of
// event and checks each event as observers see it, field by field.
func TestObserversSeeEveryKindOfEvent(t *testing.T) {
	w := newWorld(t, Options{})
	evs := record(w)
	const a, b = NodeID(0), NodeID(1)
	dupNet := NetConfig{Latency: time.Millisecond, Duplicate: 1}
	plainNet := NetConfig{Latency: time.Millisecond}
	lossyNet := NetConfig{Loss: 1}
	w.At(0, func() { assert.NoError(t, w.SetNet(dupNet)) })
	addNode(t, w, "a", starter(func(env Env) {
		env.After(time.Millisecond, func() {
			env.Send(b, num{N: 1})
			env.Emit(num{N: 42})
		})
	}))
	addNode(t, w, "b", starter(func(env Env) { env.Logf("booted %d", env.Incarnation()) }))
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	w.At(ms(1.5), func() { assert.NoError(t, w.Cut(a, b)) })
	w.At(3*time.Millisecond, func() {
		w.Heal()
		assert.NoError(t, w.SetNet(plainNet))
		assert.NoError(t, w.Pause(b))
		envOf(w, a).Send(b, num{N: 2})
	})
	w.At(5*time.Millisecond, func() { assert.NoError(t, w.Resume(b)) })
	w.At(6*time.Millisecond, func() {
		assert.NoError(t, w.Crash(b))
		envOf(w, a).Send(b, num{N: 3})
	})
	w.At(8*time.Millisecond, func() { assert.NoError(t, w.Restart(b)) })
	w.At(9*time.Millisecond, func() {
		assert.NoError(t, w.SetNet(lossyNet))
		envOf(w, a).Send(b, num{N: 4})
	})
	require.NoError(t, w.Run(time.Second))

	type ev = Event
	want := []Event{
		{Time: 0, Kind: KindWorld, Node: NoNode, Peer: NoNode},
		{Time: 0, Kind: KindNetwork, Node: NoNode, Peer: NoNode, Detail: "net " + dupNet.String()},
		{Time: 0, Kind: KindStart, Node: a, Peer: NoNode},
		{Time: 0, Kind: KindStart, Node: b, Peer: NoNode},
		{Time: ms(1), Kind: KindTimer, Node: a, Peer: NoNode},
		{Time: ms(1), Kind: KindSend, Node: a, Peer: b, Msg: num{N: 1}},
		{Time: ms(1), Kind: KindDuplicate, Node: a, Peer: b, Msg: num{N: 1}},
		{Time: ms(1), Kind: KindCustom, Node: a, Peer: NoNode, Msg: num{N: 42}},
		{Time: ms(1.5), Kind: KindWorld, Node: NoNode, Peer: NoNode},
		{Time: ms(1.5), Kind: KindNetwork, Node: NoNode, Peer: NoNode, Detail: "cut a->b"},
		{Time: ms(2), Kind: KindDrop, Node: a, Peer: b, Msg: num{N: 1}, Detail: DropCut},
		{Time: ms(2), Kind: KindDrop, Node: a, Peer: b, Msg: num{N: 1}, Detail: DropCut},
		{Time: ms(3), Kind: KindWorld, Node: NoNode, Peer: NoNode},
		{Time: ms(3), Kind: KindNetwork, Node: NoNode, Peer: NoNode, Detail: "heal"},
		{Time: ms(3), Kind: KindNetwork, Node: NoNode, Peer: NoNode, Detail: "net " + plainNet.String()},
		{Time: ms(3), Kind: KindPause, Node: b, Peer: NoNode},
		{Time: ms(3), Kind: KindSend, Node: a, Peer: b, Msg: num{N: 2}},
		{Time: ms(5), Kind: KindWorld, Node: NoNode, Peer: NoNode},
		{Time: ms(5), Kind: KindResume, Node: b, Peer: NoNode},
		{Time: ms(5), Kind: KindDeliver, Node: b, Peer: a, Msg: num{N: 2}},
		{Time: ms(6), Kind: KindWorld, Node: NoNode, Peer: NoNode},
		{Time: ms(6), Kind: KindCrash, Node: b, Peer: NoNode},
		{Time: ms(6), Kind: KindSend, Node: a, Peer: b, Msg: num{N: 3}},
		{Time: ms(7), Kind: KindDrop, Node: a, Peer: b, Msg: num{N: 3}, Detail: DropDown},
		{Time: ms(8), Kind: KindWorld, Node: NoNode, Peer: NoNode},
		{Time: ms(8), Kind: KindRestart, Node: b, Peer: NoNode},
		{Time: ms(8), Kind: KindStart, Node: b, Peer: NoNode},
		{Time: ms(9), Kind: KindWorld, Node: NoNode, Peer: NoNode},
		{Time: ms(9), Kind: KindNetwork, Node: NoNode, Peer: NoNode, Detail: "net " + lossyNet.String()},
		{Time: ms(9), Kind: KindSend, Node: a, Peer: b, Msg: num{N: 4}},
		{Time: ms(9), Kind: KindDrop, Node: a, Peer: b, Msg: num{N: 4}, Detail: DropLoss},
	}
	for i := range want {
		want[i].Index = uint64(i + 1)
	}
	assert.Equal(t, want, *evs)

	seen := map[Kind]bool{}
	for _, e := range *evs {
		seen[e.Kind] = true
	}
	for k := KindStart; k <= KindWorld; k++ {
		assert.Equal(t, k != KindLog, seen[k], "kind %v (log lines go to the trace only)", k)
	}
	st := w.Stats()
	assert.Equal(t, Stats{Events: uint64(len(want)), Sends: 4, Delivered: 1, Dropped: 4, Duplicated: 1, Timers: 1}, st)
}

func TestObserverErrorEndsRun(t *testing.T) {
	errBroken := errors.New("two leaders")
	w := newWorld(t, Options{Seed: 77, Net: NetConfig{Latency: time.Millisecond}})
	var later []Event
	received := 0
	third := func(ev Event) bool {
		return ev.Kind == KindDeliver && ev.Msg == stamp{Seq: 3, SentAt: 3 * time.Millisecond}
	}
	w.Observe(func(ev Event) error {
		if third(ev) {
			return errBroken
		}
		return nil
	})
	w.Observe(func(ev Event) error {
		if third(ev) || len(later) > 0 {
			later = append(later, ev)
		}
		return nil
	})
	addNode(t, w, "a", blaster(1, 10, time.Millisecond))
	addNode(t, w, "b", receiver(func(Env, NodeID, any) { received++ }))
	err := w.Run(time.Second)

	var inv *InvariantError
	require.ErrorAs(t, err, &inv)
	assert.ErrorIs(t, err, errBroken)
	assert.Equal(t, errBroken, inv.Unwrap())
	assert.Equal(t, int64(77), inv.Seed)
	assert.Equal(t, 4*time.Millisecond, inv.Time)
	assert.Equal(t, "#13 b deliver <- a sim.stamp{Seq:3 SentAt:3ms}", inv.Event)
	assert.Contains(t, inv.Error(), "seed 77")
	assert.Contains(t, inv.Error(), "two leaders")
	assert.Empty(t, later, "observers after the failing one do not see the event, nor anything later")
	assert.Equal(t, 3, received, "the node does not handle the event that broke the invariant")
	assert.Equal(t, 4*time.Millisecond, w.Now(), "the run stopped at that event")
	assert.ErrorIs(t, w.Run(2*time.Second), errBroken, "the world has finished")
}

type leader struct {
	Term int
	Name string
}

func TestEmitReachesObservers(t *testing.T) {
	w := newWorld(t, Options{})
	evs := record(w)
	ptr := &leader{Term: 2, Name: "ptr"}
	addNode(t, w, "a", starter(func(env Env) {
		env.Emit(leader{Term: 1, Name: "a"})
		env.Emit(ptr)
		env.Emit("text")
		env.Emit(nil)
	}))
	require.NoError(t, w.Run(time.Second))
	custom := ofKind(*evs, KindCustom)
	require.Len(t, custom, 4)
	assert.Equal(t, leader{Term: 1, Name: "a"}, custom[0].Msg)
	assert.Same(t, ptr, custom[1].Msg, "Emit passes the value itself")
	assert.Equal(t, "text", custom[2].Msg)
	assert.Nil(t, custom[3].Msg)
	for _, ev := range custom {
		assert.Equal(t, NodeID(0), ev.Node)
		assert.Equal(t, NoNode, ev.Peer)
	}
}

func TestEmittedValuesFoldIntoFingerprint(t *testing.T) {
	run := func(v any) uint64 {
		w := newWorld(t, Options{Seed: 1})
		addNode(t, w, "a", starter(func(env Env) { env.Emit(v) }))
		require.NoError(t, w.Run(time.Second))
		return w.Fingerprint()
	}
	assert.Equal(t, run(leader{Term: 1}), run(leader{Term: 1}))
	assert.NotEqual(t, run(leader{Term: 1}), run(leader{Term: 2}))
	assert.NotEqual(t, run(leader{Term: 1}), run(num{N: 1}))
	// A value that could not be sent is folded by its type only.
	f := func() {}
	assert.Equal(t, run(f), run(func() {}))
}

func TestObserverMayCrashTheNodeItWatches(t *testing.T) {
	w := newWorld(t, Options{})
	var handled []string
	a := addNode(t, w, "a", func() Node {
		return &fnNode{
			start: func(env Env) { env.After(time.Millisecond, func() { handled = append(handled, "timer") }) },
			recv:  func(Env, NodeID, any) { handled = append(handled, "receive") },
		}
	})
	b := addNode(t, w, "b", starter(func(env Env) { env.Send(a, num{N: 1}) }))
	w.Observe(func(ev Event) error {
		if ev.Node == a && (ev.Kind == KindDeliver || ev.Kind == KindTimer) && w.Up(a) {
			return w.Crash(a)
		}
		return nil
	})
	require.NoError(t, w.Run(time.Millisecond/2))
	assert.False(t, w.Up(a))
	require.NoError(t, w.Restart(a))
	require.NoError(t, w.Run(time.Second))
	assert.Empty(t, handled, "a crashed node handles nothing, even the event that crashed it")
	assert.True(t, w.Up(b))
}

func TestObserveNilIsIgnored(t *testing.T) {
	w := newWorld(t, Options{})
	w.Observe(nil)
	addNode(t, w, "a", idle)
	assert.NoError(t, w.Run(time.Second))
}
