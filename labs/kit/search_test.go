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

// TestSearchHelper is a search test that fails; only TestSearch* run it.
func TestSearchHelper(t *testing.T) {
	if os.Getenv(searchEnv) == "" {
		t.Skip("run by the search tests")
	}
	Search(t, SearchTest{Config: sim.ExploreConfig{Strategy: sim.BFS}, Setup: orderSetup})
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

func TestSearchChoicesNeedSeed(t *testing.T) {
	out := runSearchHelper(t, "-choices", "1.0")
	assert.Contains(t, out, "-choices replays one schedule of one seed: add -seed N")
	out = runSearchHelper(t, "-seed", "1", "-choices", "1.x")
	assert.Contains(t, out, "kit: -choices: sim: bad choice")
}
