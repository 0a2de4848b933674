package kit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/sim"
)

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&sim.HangError{Node: "s1"}, "HANG: a handler never returned\n"},
		{&sim.PanicError{Node: "s1", Usage: true}, "MISUSE of the simulator by node code\n"},
		{&sim.PanicError{Node: "s1", Value: "boom"}, "PANIC in node code\n"},
		{&sim.LimitError{Limit: "events"}, "RUN LIMIT broken (runaway node?)\n"},
		{&sim.DivergenceError{}, "NONDETERMINISM\n"},
		{fmt.Errorf("wrapped: %w", &sim.HangError{}), "HANG: a handler never returned\n"},
	} {
		got := Explain(tc.err)
		// The failure message states the seed: Explain drops the
		// simulator's "sim: seed N: " prefix.
		assert.Equal(t, tc.want+strings.TrimPrefix(tc.err.Error(), "sim: seed 0: "), got)
	}
	assert.Equal(t, "plain", Explain(errors.New("plain")))
	assert.Equal(t, "INVARIANT broken: two leaders\nafter event #3",
		Explain(&sim.InvariantError{Seed: -7, Time: time.Second, Event: "#3", Err: errors.New("two leaders")}))
}

func TestFailureMessage(t *testing.T) {
	r := &Run{t: t, Seed: 17, s: settings{seed: -1}}
	w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Loss: 0.1}})
	require.NoError(t, w.Run(1500*time.Millisecond))
	msg := r.failure(results.Invariant, "two leaders in term 3: s1 and s4", "")
	assert.Equal(t, "seed 17 at virtual time 1.500000s: two leaders in term 3: s1 and s4\n"+
		"    network: latency=1ms jitter=0s(uniform) loss=0.1 dup=0\n"+
		"    replay: go test ./labs/kit -run '^TestFailureMessage$' -seed 17 -events\n"+
		"    view:   go test ./labs/kit -run '^TestFailureMessage$' -seed 17 -view TestFailureMessage-seed17.html\n"+
		"    shrink: go test ./labs/kit -run '^TestFailureMessage$' -seed 17 -shrink", msg)
}

func TestWorldUsesTheRunSeed(t *testing.T) {
	r := &Run{t: t, Seed: 5, s: settings{seed: -1}}
	w := r.World(sim.Options{})
	assert.Equal(t, int64(5), w.Seed())
	assert.Len(t, r.worlds, 1)
}

func TestLinearizabilityViolationWritesTheVisualization(t *testing.T) {
	var h History
	p := h.Call(0, KVInput{Op: Put, Key: "x", Value: "1"}, 0)
	h.Return(p, KVOutput{}, time.Millisecond)
	g := h.Call(1, KVInput{Op: Get, Key: "x"}, 2*time.Millisecond)
	h.Return(g, KVOutput{Value: "2"}, 3*time.Millisecond)
	h.Annotate("network", "partition {s0} {s1 s2}", time.Millisecond, 2*time.Millisecond)

	file := filepath.Join(t.TempDir(), "page.html")
	msg, written := checkLinearizable(KVModel, &h, kvKeepPending, "TestX/seed=1", func() (string, error) { return file, nil })
	assert.Equal(t, file, written)
	assert.Contains(t, msg, "LINEARIZABILITY violated: the 2 operations clients saw (2 completed)")
	assert.Contains(t, msg, "porcupine's page: "+file)
	page, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(page), "partition {s0} {s1 s2}"), "annotations reach the page")
	assert.True(t, strings.Contains(string(page), `Put(\"x\", \"1\")`), "operations are described")
}

func TestLinearizableHistoryPasses(t *testing.T) {
	var h History
	p := h.Call(0, KVInput{Op: Put, Key: "x", Value: "1"}, 0)
	h.Return(p, KVOutput{}, time.Millisecond)
	g := h.Call(1, KVInput{Op: Get, Key: "x"}, 2*time.Millisecond)
	h.Return(g, KVOutput{Value: "1"}, 3*time.Millisecond)
	called := false
	msg, page := checkLinearizable(KVModel, &h, kvKeepPending, "TestX/seed=1", func() (string, error) { called = true; return "", nil })
	assert.Empty(t, msg)
	assert.Empty(t, page)
	assert.False(t, called, "no visualization for a pass")
}
