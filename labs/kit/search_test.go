package kit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/sim"
)

const searchEnv = "KIT_SEARCH_HELPER"

// orderMsg is the n-th message of a stream.
type orderMsg struct{ N int }

// orderSetup has node s send two messages to r, and an observer that
// wants them delivered in order, which no network promises.
func orderSetup(w *sim.World) error {
	w.MustAddNode("s", func() sim.Node {
		return &fnNode{start: func(env sim.Env) {
			env.Send(1, orderMsg{N: 1})
			env.Send(1, orderMsg{N: 2})
		}}
	})
	w.MustAddNode("r", func() sim.Node { return &fnNode{} })
	last := 0
	w.Observe(func(ev sim.Event) error {
		if ev.Kind != sim.KindDeliver {
			return nil
		}
		n := ev.Msg.(orderMsg).N
		if n < last {
			return fmt.Errorf("message %d after message %d", n, last)
		}
		last = n
		return nil
	})
	return nil
}

// crossSetup has node s send a message to r1 and one to r2, and an
// observer that wants r1's to arrive first: a verdict on the order of two
// deliveries to different nodes, which BFS takes in one order only,
// unless -all-orders.
func crossSetup(w *sim.World) error {
	w.MustAddNode("s", func() sim.Node {
		return &fnNode{start: func(env sim.Env) {
			env.Send(1, orderMsg{N: 1})
			env.Send(2, orderMsg{N: 2})
		}}
	})
	w.MustAddNode("r1", func() sim.Node { return &fnNode{} })
	w.MustAddNode("r2", func() sim.Node { return &fnNode{} })
	r2 := false
	w.Observe(func(ev sim.Event) error {
		switch {
		case ev.Kind != sim.KindDeliver:
		case ev.Node == 2:
			r2 = true
		case r2:
			return fmt.Errorf("r1's message arrived after r2's")
		}
		return nil
	})
	return nil
}

// TestSearchHelper is a search test that fails; only TestSearch* run it.
// With searchEnv=cross it searches crossSetup.
func TestSearchHelper(t *testing.T) {
	setup := orderSetup
	switch os.Getenv(searchEnv) {
	case "":
		t.Skip("run by the search tests")
	case "cross":
		setup = crossSetup
	}
	Search(t, SearchTest{Config: sim.ExploreConfig{Strategy: sim.BFS}, Setup: setup})
}

// runSearchHelper runs TestSearchHelper in a child process with flags.
func runSearchHelper(t *testing.T, flags ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestSearchHelper$", "-test.v"}, flags...)...)
	cmd.Env = append(os.Environ(), searchEnv+"=1")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the helper search must fail:\n%s", out)
	return string(out)
}

func TestSearchFailureReplays(t *testing.T) {
	out := runSearchHelper(t)
	assert.Contains(t, out, "INVARIANT broken")
	assert.Contains(t, out, "message 1 after message 2")
	assert.Contains(t, out, "schedule of 2 steps, choices=1.0:")
	assert.Contains(t, out, "1. deliver s->r kit.orderMsg{N:2}\n")
	m := regexp.MustCompile(`replay: (go test \./labs/kit -run '\^TestSearchHelper\$/\^seed=1\$' -seed 1 -events -choices (\S+))\n`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	assert.Equal(t, "1.0", m[2])

	out = runSearchHelper(t, "-seed", "1", "-events", "-choices", m[2])
	assert.Contains(t, out, "=== trace of TestSearchHelper/seed=1: seed 1, choices 1.0")
	assert.Regexp(t, `deliver +<- s +kit.orderMsg\{N:2\}`, out)
	assert.Contains(t, out, "message 1 after message 2")
	assert.Contains(t, out, "-seed 1 -events -choices 1.0\n")

	file := filepath.Join(t.TempDir(), "choices")
	require.NoError(t, os.WriteFile(file, []byte("1.0\n"), 0o600))
	out = runSearchHelper(t, "-seed", "1", "-choices-file", file)
	assert.Contains(t, out, "message 1 after message 2")
}

// TestSearchAllOrders: with -all-orders, a search test takes both orders
// of two deliveries to different nodes, and an observer of their order
// sees the one it rejects; by default BFS takes one order.
func TestSearchAllOrders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	run := func(flags ...string) (string, error) {
		cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestSearchHelper$", "-test.v"}, flags...)...)
		cmd.Env = append(os.Environ(), searchEnv+"=cross")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run()
	require.NoError(t, err, out)
	assert.Contains(t, out, "exhausted")
	out, err = run("-all-orders")
	require.Error(t, err, out)
	assert.Contains(t, out, "r1's message arrived after r2's")
	assert.Contains(t, out, "2. deliver s->r1 kit.orderMsg{N:1}")
}

func TestSearchChoicesNeedSeed(t *testing.T) {
	out := runSearchHelper(t, "-choices", "1.0")
	assert.Contains(t, out, "-choices replays one schedule of one seed: add -seed N")
	out = runSearchHelper(t, "-seed", "1", "-choices", "1.x")
	assert.Contains(t, out, "kit: -choices: sim: bad choice")
}
