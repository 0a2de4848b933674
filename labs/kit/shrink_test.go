package kit

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/sim"
)

const shrinkEnv = "KIT_SHRINK_HELPER"

// TestShrinkHelper is a sweep that fails on every seed once a node
// crashes, among many other faults; only TestShrink* run it.
func TestShrinkHelper(t *testing.T) {
	if os.Getenv(shrinkEnv) == "" {
		t.Skip("run by the shrink tests")
	}
	Sweep(t, 2, func(r *Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 30 * time.Millisecond, Loss: 0.2, Duplicate: 0.2}})
		var a, b sim.NodeID
		echo := func() sim.Node {
			return &fnNode{recv: func(env sim.Env, from sim.NodeID, msg any) { env.Send(from, msg) }}
		}
		a = w.MustAddNode("a", func() sim.Node {
			return &fnNode{start: func(env sim.Env) {
				var tick func()
				tick = func() { env.Send(b, "ping"); env.After(20*time.Millisecond, tick) }
				tick()
			}}
		})
		b = w.MustAddNode("b", echo)
		w.Observe(func(ev sim.Event) error {
			if ev.Kind == sim.KindCrash {
				return errCrashed
			}
			return nil
		})
		for i := range 4 {
			at := time.Duration(100*(i+1)) * time.Millisecond
			w.At(at, func() { _ = w.Isolate(a) })
			w.At(at+20*time.Millisecond, w.Heal)
		}
		w.At(700*time.Millisecond, func() { _ = w.Crash(b) })
		r.Check(w.Run(time.Second))
	})
}

var errCrashed = errors.New("a node crashed")

// fnNode is a node made of closures.
type fnNode struct {
	start func(env sim.Env)
	recv  func(env sim.Env, from sim.NodeID, msg any)
}

func (n *fnNode) Start(env sim.Env) {
	if n.start != nil {
		n.start(env)
	}
}

func (n *fnNode) Receive(env sim.Env, from sim.NodeID, msg any) {
	if n.recv != nil {
		n.recv(env, from, msg)
	}
}

// runShrinkHelper runs TestShrinkHelper in a child process with flags, and
// returns its output; the child must fail if fail is set, else pass.
func runShrinkHelper(t *testing.T, fail bool, flags ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestShrinkHelper$", "-test.v"}, flags...)...)
	cmd.Env = append(os.Environ(), shrinkEnv+"=1")
	out, err := cmd.CombinedOutput()
	if fail {
		require.Error(t, err, "the helper sweep must fail:\n%s", out)
	} else {
		require.NoError(t, err, "the helper sweep must pass:\n%s", out)
	}
	return string(out)
}

func TestShrinkFlag(t *testing.T) {
	out := runShrinkHelper(t, true, "-seed", "1", "-shrink")
	assert.Contains(t, out, "INVARIANT broken")
	m := regexp.MustCompile(`shrink: seed 1: (\d+) faults and (\d+) events shrunk to (\d+) faults and (\d+) events`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	n := func(i int) int { v, err := strconv.Atoi(m[i]); require.NoError(t, err); return v }
	assert.Less(t, n(3), n(1), "fewer faults")
	assert.LessOrEqual(t, n(4), n(2), "no more events")
	sched := regexp.MustCompile(`schedule: (\S+)\n`).FindStringSubmatch(out)
	require.NotNil(t, sched, out)
	assert.Contains(t, sched[1], "crash=0", "the crash that fails the seed stays")
	assert.Contains(t, out, "replay: go test ./labs/kit -run '^TestShrinkHelper$/^seed=1$' -seed 1 -events -schedule "+sched[1]+"\n")

	again := runShrinkHelper(t, true, "-seed", "1", "-schedule", sched[1])
	assert.Contains(t, again, "a node crashed")
	assert.Contains(t, again, fmt.Sprintf("events=%d ", n(4)), "the schedule replays the shrunk run")
}

func TestShrinkOffered(t *testing.T) {
	out := runShrinkHelper(t, true)
	assert.Contains(t, out, "shrink: go test ./labs/kit -run '^TestShrinkHelper$/^seed=2$' -seed 2 -shrink")
}

func TestScheduleReplays(t *testing.T) {
	out := runShrinkHelper(t, true, "-seed", "1", "-schedule", "crash=0")
	assert.Contains(t, out, "INVARIANT broken")
	assert.Contains(t, out, "-seed 1 -events -schedule crash=0\n")
	assert.NotContains(t, out, "drop")

	out = runShrinkHelper(t, false, "-seed", "1", "-schedule", "lose=1")
	assert.NotContains(t, out, "a node crashed", "a schedule without the crash does not crash")
}

func TestScheduleNeedsSeed(t *testing.T) {
	out := runShrinkHelper(t, true, "-schedule", "crash=0")
	assert.Contains(t, out, "-schedule runs the faults of one seed's run: add -seed N")
}
