package kit

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./labs/kit -run %s -update to create it", t.Name())
	assert.Equal(t, string(want), got)
}

func TestCompactReportFormats(t *testing.T) {
	const replay = "go test ./labs/x -run '^TestX$/^seed=%d$' -seed %d -events"
	fail := func(c *compactReport, seed int64, kind results.Kind, events uint64, texts ...string) {
		for _, text := range texts {
			c.fail(seed, kind, text)
		}
		c.end(seed, events, true, "\n    replay: "+strings.ReplaceAll(replay, "%d", itoa(seed)), false)
	}
	for _, tc := range []struct {
		name string
		make func() *compactReport
	}{
		{"compact_none.golden", func() *compactReport {
			c := newCompactReport(3)
			c.log(1, "a log line of a seed that passed")
			c.end(1, 10, true, "", false)
			return c
		}},
		{"compact_one.golden", func() *compactReport {
			c := newCompactReport(20)
			fail(c, 7, results.Invariant, 120, "seed 7 at virtual time 0.100000s: INVARIANT broken: two leaders in term 2: n0 and n1\n    after event #120 n1 custom election.BecameLeader{Term:2}\n    network: latency=1ms jitter=0s(uniform) loss=0 dup=0")
			return c
		}},
		{"compact_one_event.golden", func() *compactReport {
			// The one seed run fails at its first event: "1 of 1 seed",
			// "1 event".
			c := newCompactReport(1)
			fail(c, 3, results.Kind("LIVENESS"), 1, "seed 3 at virtual time 3.000000s: LIVENESS broken: no leader that {n0} agree on within 3s")
			return c
		}},
		{"compact_shortest.golden", func() *compactReport {
			// Seed 1 fails at event 8893, seed 4 the same way at 21: seed 4
			// is shown.
			c := newCompactReport(100)
			for seed := int64(1); seed <= 12; seed++ {
				if seed == 6 {
					continue
				}
				events := 8893 - uint64(seed)
				if seed == 4 {
					events = 21
				}
				fail(c, seed, results.Invariant, events, "seed "+itoa(seed)+" at virtual time 0.200000s: INVARIANT broken: n1 voted twice in term 1\n    after event #"+itoa(int64(events))+" n1 send -> n0 election.VoteReply{Term:1 Granted:true}\n    network: latency=1ms jitter=4ms(uniform) loss=0 dup=0")
			}
			fail(c, 40, results.Kind("LIVENESS"), 30000, "seed 40 at virtual time 3.000000s: LIVENESS broken: no leader after 3s")
			fail(c, 41, results.NotRun, 0, "seed 41: not run: 1 stuck handler(s)")
			c.end(50, 9000, true, "", true) // failed through testing.T
			return c
		}},
		{"compact_cut.golden", func() *compactReport {
			// Many logs and failures in one seed: the block shows a few.
			c := newCompactReport(2)
			for i := range 8 {
				c.log(2, "log line "+itoa(int64(i)))
			}
			c.log(2, "a log of four lines:\n    one\n    two\n    three")
			c.log(2, "a log line past the limit")
			var texts []string
			for i := range 4 {
				texts = append(texts, "seed 2: key k"+itoa(int64(i))+" lost")
			}
			for _, text := range texts {
				c.fail(2, results.Kind("LOST WRITE"), text)
			}
			c.end(2, 0, false, "\n    replay: go test ./labs/x -run '^TestX$/^seed=2$' -seed 2", false)
			return c
		}},
		{"compact_outside.golden", func() *compactReport {
			// The only failing seed failed through testing.T: go test
			// printed its failure above the block.
			c := newCompactReport(4)
			c.end(3, 0, false, "\n    replay: go test ./labs/x -run '^TestX$/^seed=3$' -seed 3", true)
			return c
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, tc.make().String())
		})
	}
}

func itoa(n int64) string { return ranges([]int64{n}) }

func TestRanges(t *testing.T) {
	assert.Equal(t, "", ranges(nil))
	assert.Equal(t, "1", ranges([]int64{1}))
	assert.Equal(t, "1 2", ranges([]int64{1, 2}))
	assert.Equal(t, "1-3 5 7-12 20 21", ranges([]int64{1, 2, 3, 5, 7, 8, 9, 10, 11, 12, 20, 21}))
}

// TestHelperCompact is run only by TestCompactSweepOutput: six seeds, of
// which seed 1 passes, seed 4 fails in the fewest events, seed 5 fails
// twice and seed 6 fails another way.
func TestHelperCompact(t *testing.T) {
	if os.Getenv(helperEnv) != "compact" {
		t.Skip("run by other tests")
	}
	Sweep(t, 6, func(r *Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond}})
		w.MustAddNode("a", func() sim.Node { return ticker{} })
		steps := r.Seed - 4
		if steps < 0 {
			steps = -steps
		}
		r.Check(w.Run(time.Duration(steps+1) * 10 * time.Millisecond))
		switch r.Seed {
		case 1:
			return
		case 4:
			r.Logf("seed 4 drew the shortest run")
		case 5:
			r.Errorf("the first of two checks failed")
		case 6:
			r.Fatalf("LIVENESS broken: no leader")
		}
		r.Fatalf("SAFETY broken: two leaders")
	})
}

// ticker's timer fires every millisecond.
type ticker struct{}

func (ticker) Start(env sim.Env) {
	var tick func()
	tick = func() { env.After(time.Millisecond, tick) }
	tick()
}
func (ticker) Receive(sim.Env, sim.NodeID, any) {}

// normalize takes out of go test's output what changes from run to run:
// durations and the lines of the kit's files.
func normalize(out string) string {
	out = regexp.MustCompile(`\(\d+\.\d+s\)`).ReplaceAllString(out, "(TIME)")
	out = regexp.MustCompile(`(?m)^(\s*)\w+\.go:\d+:`).ReplaceAllString(out, "${1}FILE:LINE:")
	return out
}

func TestCompactSweepOutput(t *testing.T) {
	out := runHelper(t, "compact", "-test.run=^TestHelperCompact$", "-test.v=false")
	golden(t, "compact_sweep.golden", normalize(out))
	assert.NotContains(t, out, "--- FAIL: TestHelperCompact/seed=", "the block stands for the failing seeds")
	assert.Equal(t, 1, strings.Count(out, "replay: "), "one replay command: the shortest seed's")
}

func TestVerboseSweepPrintsEverySeed(t *testing.T) {
	out := runHelper(t, "compact", "-test.run=^TestHelperCompact$")
	for _, seed := range []string{"2", "3", "4", "5", "6"} {
		assert.Contains(t, out, "--- FAIL: TestHelperCompact/seed="+seed+" ", "with -v every failing seed fails its subtest")
		assert.Equal(t, 1, strings.Count(out, "replay: go test ./labs/kit -run '^TestHelperCompact$/^seed="+seed+"$' -seed "+seed+" -events\n"),
			"seed %s: the replay command once per seed, however many checks fail:\n%s", seed, out)
	}
	assert.NotContains(t, out, "seeds failed;", "no block with -v")
}
