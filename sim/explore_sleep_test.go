package sim

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSleepSetsKeepEveryState runs BFS with sleep sets (the default) and
// with AllOrders on searches that end every way a search ends: exhausted,
// at a violation, at the goal and at the states bound, with each fault
// and with prunes.
// Every figure but the runs' is the same: the same states, at the same
// depths, the same violation by the same schedule; only fewer visits. (The
// sim's other BFS tests run with sleep sets too, among them
// TestExploreExhaustsTheCorrectLock, which counts the lock's states by an
// exhaustive walk that prunes nothing.)
func TestSleepSetsKeepEveryState(t *testing.T) {
	chat := ExploreConfig{Options: Options{Seed: 1, HandlerTimeout: -1, Net: NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond}},
		Strategy: BFS, MaxDepth: 100, MaxStates: 20_000}
	lock := func(f func(*ExploreConfig)) ExploreConfig {
		c := lockConfig(BFS)
		f(&c)
		return c
	}
	for _, tc := range []struct {
		name   string
		cfg    ExploreConfig
		setup  func(*World) error
		fewer  bool // sleep sets must save visits
		result string
	}{
		{"chat exhausted", chat, chatSetup, true, "exhausted"},
		{"chat states bound", func() ExploreConfig { c := chat; c.MaxStates = 3_000; return c }(), chatSetup, true, "states"},
		{"chat one worker", func() ExploreConfig { c := chat; c.MaxStates, c.Workers = 2_000, 1; return c }(), chatSetup, true, "states"},
		{"chat goal", func() ExploreConfig {
			c := chat
			c.Goal = func(w *World) bool { return w.Node(2).(*chatNode).heard[0] == chatRounds-1 }
			return c
		}(), chatSetup, true, "goal"},
		// A Prune stops the search at states that the schedules BFS skips
		// pass through: the schedules they stand for must not count then.
		{"chat pruned", func() ExploreConfig {
			c := chat
			c.Prune = func(w *World) bool { return w.Node(0).(*chatNode).heard[1] >= 1 }
			return c
		}(), chatSetup, true, "exhausted"},
		{"chat pruned at three messages", func() ExploreConfig {
			c := chat
			c.Prune = func(w *World) bool {
				n := 0
				for _, id := range w.Nodes() {
					for _, h := range w.Node(id).(*chatNode).heard {
						n += h
					}
				}
				return n == 3 // not for long: it does not stay true
			}
			return c
		}(), chatSetup, true, "exhausted"},
		{"stamps", chat, stampSetup, true, "exhausted"},
		{"lock", lockConfig(BFS), lockSetup(false), false, "exhausted"}, // two peers that take turns: little commutes
		{"lock race", lockConfig(BFS), lockSetup(true), false, "violation"},
		{"lock duplicate", lock(func(c *ExploreConfig) { c.Duplicates = 1 }), lockSetup(false), false, "violation"},
		{"lock loss and crash", lock(func(c *ExploreConfig) { c.Losses, c.Crashes = 1, 1 }), lockSetup(false), false, "exhausted"},
		{"lock restart", lock(func(c *ExploreConfig) { c.Crashes, c.Restarts = 1, 1 }), lockSetup(false), false, "violation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all := tc.cfg
			all.AllOrders = true
			want, err := Explore(all, tc.setup)
			require.NoError(t, err)
			got, err := Explore(tc.cfg, tc.setup)
			require.NoError(t, err)

			switch tc.result {
			case "exhausted":
				require.True(t, want.Exhausted, want.String())
			case "goal":
				require.True(t, want.GoalFound, want.String())
			default:
				require.Equal(t, tc.result, want.Stop, want.String())
			}
			assert.Equal(t, want.States, got.States)
			assert.Equal(t, want.Depth, got.Depth)
			assert.Equal(t, want.Exhausted, got.Exhausted)
			assert.Equal(t, want.Stop, got.Stop)
			assert.Equal(t, want.Goal, got.Goal)
			assert.Equal(t, want.Err(), got.Err())
			if want.Violation != nil && got.Violation != nil {
				assert.Equal(t, want.Violation.Choices, got.Violation.Choices)
				assert.Equal(t, want.Violation.Steps, got.Violation.Steps)
			}
			assert.LessOrEqual(t, got.Visits, want.Visits)
			if tc.fewer {
				assert.Less(t, got.Visits, want.Visits, "sleep sets saved no visit")
			}
			t.Logf("all orders: %s\nsleep sets: %s", want, got)
		})
	}
}

func TestIndependent(t *testing.T) {
	d := func(to NodeID, seq uint64) choice { return choice{kind: chDeliver, node: to, seq: seq} }
	assert.True(t, independent(d(1, 1).mark(), d(2, 2).mark()), "deliveries to different nodes")
	assert.False(t, independent(d(1, 1).mark(), d(1, 2).mark()), "two deliveries to one node")
	for _, k := range []choiceKind{chTimer, chLoss, chDup, chCrash, chRestart} {
		c := choice{kind: k, node: 2, seq: 2} // a timer not yet due: it moves the clock
		assert.False(t, independent(d(1, 1).mark(), c.mark()), "a delivery and a %s", choiceNames[k])
		assert.False(t, independent(c.mark(), d(1, 1).mark()), "a %s and a delivery", choiceNames[k])
	}

	due := choice{kind: chTimer, node: 2, seq: 2, still: true}
	assert.True(t, independent(d(1, 1).mark(), due.mark()), "a delivery and another node's timer that is due")
	assert.False(t, independent(d(2, 3).mark(), due.mark()), "a timer and a delivery of one node")
	assert.False(t, independent(d(1, 1).mark(), choice{kind: chTimer, node: NoNode, seq: 2, still: true}.mark()), "a World callback")

	z := []sleeper{{z: d(1, 1).mark()}, {z: d(3, 3).mark()}}
	assert.Equal(t, 1, firstAwake([]choice{d(1, 1), d(2, 7)}, z))
	assert.Equal(t, -1, firstAwake([]choice{d(1, 1), d(3, 3)}, z))
	assert.Equal(t, 0, firstAwake([]choice{{kind: chLoss, node: 1, seq: 1}}, z), "the loss of a sleeping message is not asleep")
}

// stampNode notes the virtual time of every message it gets, and sends
// two: one at once, one when a timer fires, 5ms on. A timer moves the
// clock, so a delivery before it and after it lead to different states:
// the stamps tell them apart.
type stampNode struct {
	peer   NodeID
	stamps []time.Duration
}

type stampMsg struct{}

func (n *stampNode) Start(env Env) {
	env.Send(n.peer, stampMsg{})
	env.After(5*time.Millisecond, func() { env.Send(n.peer, stampMsg{}) })
}

func (n *stampNode) Receive(env Env, _ NodeID, _ any) { n.stamps = append(n.stamps, env.Now()) }

func stampSetup(w *World) error {
	for i := range 3 {
		w.MustAddNode("", func() Node { return &stampNode{peer: NodeID(i+1) % 3} })
	}
	return nil
}

// keyedAt runs the chat nodes along prefix and returns the choices there,
// keyed, and the state's hash.
func keyedAt(t *testing.T, setup func(*World) error, prefix ...int) ([]choice, uint64) {
	t.Helper()
	cfg := ExploreConfig{Options: Options{Seed: 1, HandlerTimeout: -1}, Strategy: BFS}
	x, err := newExplorer(cfg, setup)
	require.NoError(t, err)
	var cs []choice
	var h uint64
	_, _, err = x.run(prefix, func(s *sched) int {
		cs, h = s.keyed(), s.stateHash()
		return -1
	})
	require.NoError(t, err)
	return cs, h
}

// indexOf returns the index of the choice with key k.
func indexOf(t *testing.T, cs []choice, k ckey) int {
	t.Helper()
	for i, c := range cs {
		if c.key() == k {
			return i
		}
	}
	t.Fatalf("no choice with key %+v among %+v", k, cs)
	return -1
}

// TestChoiceKeysNameWhatAChoiceDoes checks the keys that sleep sets find
// choices by across schedules: two schedules that deliver the same two
// messages in the two orders reach a state whose choices have the same
// keys, in the same order; the choices of a state have keys of their own,
// even two copies of one message.
func TestChoiceKeysNameWhatAChoiceDoes(t *testing.T) {
	s0, _ := keyedAt(t, chatSetup)
	a, b := s0[0], s0[2] // n1->n0 and n0->n1, each the greeting N=0
	require.Equal(t, chDeliver, a.kind)
	require.Equal(t, chDeliver, b.kind)
	require.NotEqual(t, a.node, b.node)

	l1, _ := keyedAt(t, chatSetup, 0)
	ab, hab := keyedAt(t, chatSetup, 0, indexOf(t, l1, b.key()))
	l2, _ := keyedAt(t, chatSetup, 2)
	ba, hba := keyedAt(t, chatSetup, 2, indexOf(t, l2, a.key()))
	assert.Equal(t, hab, hba, "the same state")
	keys := func(cs []choice) (ks []ckey) {
		for _, c := range cs {
			ks = append(ks, c.key())
		}
		return ks
	}
	assert.Equal(t, keys(ab), keys(ba))

	// A message keeps its key while the messages before it come and go:
	// n0's answer to n1 (N=1) follows n0's greeting to n1 in l1, and is
	// the only message from n0 to n1 left once the greeting arrived (ab).
	var answer *choice
	for i, c := range l1 {
		if c.kind == chDeliver && c.from == b.from && c.node == b.node && c.key() != b.key() {
			answer = &l1[i]
		}
	}
	require.NotNil(t, answer, "n0's answer to n1 is on its way in l1")
	assert.Contains(t, keys(ab), answer.key())

	twice := func(w *World) error {
		w.MustAddNode("a", func() Node { return &echoTwice{} })
		w.MustAddNode("b", func() Node { return &echoTwice{} })
		return nil
	}
	// l1: n0 has answered n1's greeting, so two messages of n0's are on
	// their way to n1.
	for _, cs := range [][]choice{s0, l1, ab, func() []choice { cs, _ := keyedAt(t, twice); return cs }()} {
		seen := map[ckey]bool{}
		for _, c := range cs {
			assert.False(t, seen[c.key()], "two choices with key %+v", c.key())
			seen[c.key()] = true
		}
	}
}

// echoTwice sends its peer the same message twice.
type echoTwice struct{}

func (*echoTwice) Start(env Env) {
	peer := 1 - env.ID()
	env.Send(peer, chatMsg{N: 7})
	env.Send(peer, chatMsg{N: 7})
}

func (*echoTwice) Receive(Env, NodeID, any) {}

// crossSetup has node s send one message to r1 and one to r2, and an
// observer that breaks when r1's arrives after r2's: a verdict on the
// order of two deliveries to different nodes, which commute.
func crossSetup(w *World) error {
	w.MustAddNode("s", func() Node { return &crossSender{} })
	w.MustAddNode("r1", func() Node { return &crossSender{} })
	w.MustAddNode("r2", func() Node { return &crossSender{} })
	var r2 bool
	w.Observe(func(ev Event) error {
		switch {
		case ev.Kind != KindDeliver || ev.Peer != 0:
		case ev.Node == 2:
			r2 = true
		case ev.Node == 1 && r2:
			return errors.New("r1's message arrived after r2's")
		}
		return nil
	})
	return nil
}

// crossSender sends its message to r1 and r2 if it is s, node 0.
type crossSender struct{}

func (*crossSender) Start(env Env) {
	if env.ID() == 0 {
		env.Send(1, crossMsg{})
		env.Send(2, crossMsg{})
	}
}

func (*crossSender) Receive(Env, NodeID, any) {}

type crossMsg struct{}

// TestSleepSetsSkipTheSecondOrder pins what sleep sets give up, as the
// package doc says: an observer whose verdict depends on the order of two
// commuting deliveries sees only one order. AllOrders sees both.
func TestSleepSetsSkipTheSecondOrder(t *testing.T) {
	cfg := ExploreConfig{Options: Options{Seed: 1, HandlerTimeout: -1}, Strategy: BFS}
	res, err := Explore(cfg, crossSetup)
	require.NoError(t, err)
	assert.Nil(t, res.Violation, res.String())
	assert.True(t, res.Exhausted)

	cfg.AllOrders = true
	res, err = Explore(cfg, crossSetup)
	require.NoError(t, err)
	require.NotNil(t, res.Violation, res.String())
	assert.ErrorContains(t, res.Err(), "r1's message arrived after r2's")
}
