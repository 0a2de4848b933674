package testrun

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/labs/kit/results"
)

// TestRunFakeLab builds the fake lab and runs each of its tests in a
// child process, as the grader does.
func TestRunFakeLab(t *testing.T) {
	root := fixture.FakeTree(t)
	c := Config{Root: root, Seed: -1, Trimpath: true, Timeout: 3 * time.Second}
	ctx := context.Background()
	bin, err := Build(ctx, c, "./labs/fake", t.TempDir())
	require.NoError(t, err)
	dir := filepath.Join(root, "labs", "fake")
	run := func(t *testing.T, c Config, test string, seeds ...int64) *Outcome {
		t.Helper()
		events := 0
		out, err := Run(ctx, c, bin, dir, "github.com/distlab/distlab/labs/fake", test, seeds, func(*Outcome) { events++ })
		require.NoError(t, err)
		assert.NotZero(t, events)
		return out
	}
	t.Run("list", func(t *testing.T) {
		listed, err := List(ctx, c, bin, dir, []string{"TestPass", "TestOddSeeds", "TestHang", "TestExit", "TestSkip"})
		require.NoError(t, err)
		counts := map[string]int{}
		for name, r := range listed {
			assert.Equal(t, results.TypeSweep, r.Type)
			counts[name] = r.DefaultSeeds
		}
		assert.Equal(t, map[string]int{"TestPass": 4, "TestOddSeeds": 4, "TestHang": 2, "TestExit": 1}, counts,
			"each Sweep's default count, and TestSkip, which sweeps nothing, says nothing")
	})
	t.Run("pass", func(t *testing.T) {
		out := run(t, c, "TestPass", 1, 2, 3, 4)
		assert.Equal(t, report.Pass, out.Status)
		assert.Empty(t, out.Missing)
		assert.Equal(t, 4, out.Count(report.Pass))
		assert.Equal(t, 4*time.Second, out.Virtual())
		assert.Equal(t, uint64(24), out.Events())
		for _, s := range out.Seeds {
			assert.Len(t, s.Fingerprint, 16)
		}
	})
	t.Run("wall time", func(t *testing.T) {
		out := run(t, c, "TestSlowSeeds", 1, 2)
		assert.Equal(t, report.Pass, out.Status)
		assert.GreaterOrEqual(t, out.Wall, 400*time.Millisecond, "the child's wall time, seeds included")
		assert.Less(t, out.Elapsed, 400*time.Millisecond, "the testing package's own measure leaves out the parallel seeds")
	})
	t.Run("salted seeds", func(t *testing.T) {
		seeds := []int64{8830281812312, 773310019, 57}
		out := run(t, c, "TestOddSeeds", seeds...)
		require.Len(t, out.Seeds, 3)
		for i, s := range out.Seeds {
			assert.Equal(t, seeds[i], s.Seed, "exactly the seeds asked for")
			want := report.Pass
			if s.Seed%2 == 1 {
				want = report.Fail
				assert.Equal(t, results.Failed, s.Kind)
				assert.Equal(t, fmt.Sprintf("seed %d at virtual time 1.000000s: odd seeds break the invariant", s.Seed), s.First)
				assert.Contains(t, s.Message, "network: latency=1ms")
			}
			assert.Equal(t, want, s.Status, "seed %d", s.Seed)
			assert.Equal(t, fmt.Sprintf("go test ./labs/fake -run '^TestOddSeeds$/^seed=%d$' -seed %d -events", s.Seed, s.Seed), s.Replay)
		}
		assert.Equal(t, report.Fail, out.Status)
	})
	t.Run("hang", func(t *testing.T) {
		c := c
		c.Timeout = 2 * time.Second
		out := run(t, c, "TestHang", 1, 2)
		assert.Equal(t, report.Timeout, out.Status)
		assert.Equal(t, 2*time.Second, out.Limit)
		assert.Equal(t, 2, out.Count(report.Pending), "the seeds still running reported nothing")
		assert.True(t, strings.HasPrefix(out.Panic, "panic: test timed out after 2s"), out.Panic)
		assert.Empty(t, out.Missing, "at a timeout, unreported seeds were running")
	})
	t.Run("exit", func(t *testing.T) {
		out := run(t, c, "TestExit", 1)
		assert.Equal(t, report.Crash, out.Status)
	})
	t.Run("skip", func(t *testing.T) {
		assert.Equal(t, report.Skip, run(t, c, "TestSkip", 1).Status)
	})
	t.Run("no such test", func(t *testing.T) {
		assert.Equal(t, report.NotRun, run(t, c, "TestNope", 1).Status)
	})
	t.Run("bad kit flag", func(t *testing.T) {
		c := c
		c.Args = []string{"-handler-timeout", "-1s"}
		out := run(t, c, "TestPass", 1)
		assert.Equal(t, report.Fail, out.Status)
		assert.Contains(t, out.Error, "kit: -handler-timeout", "the kit's complaint, on the channel")
	})
	t.Run("killed when the binary ignores its timeout", func(t *testing.T) {
		script := shellScript(t, "sleep 60")
		c := c
		c.Timeout, c.Grace = 100*time.Millisecond, 100*time.Millisecond
		out, err := Run(ctx, c, script, dir, "x", "TestX", []int64{1}, nil)
		require.NoError(t, err)
		assert.Equal(t, report.Timeout, out.Status)
		assert.Equal(t, c.Timeout, out.Limit)
	})
}

// shellScript writes a shell script that stands in for a test binary.
func shellScript(t *testing.T, body string) string {
	t.Helper()
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	script := filepath.Join(t.TempDir(), "fake.test")
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\n"+body+"\n"), 0o755))
	return script
}

// TestForgedOutput runs stand-ins for a test binary whose student code
// prints what go test prints for a pass and exits 0, or writes results
// of its own: none of them passes, whatever the checker of the rules
// would have said of the code.
func TestForgedOutput(t *testing.T) {
	ctx := context.Background()
	c := Config{Seed: -1, Timeout: 10 * time.Second, Salt: "pepper-and-salt"}
	forged := `printf '=== RUN   TestX\n=== RUN   TestX/seed=1\n--- PASS: TestX (0.00s)\n    --- PASS: TestX/seed=1 (0.00s)\nPASS\n'`
	for _, tc := range []struct {
		name, body, missing string
	}{
		{"pass lines and exit 0", forged + "; exit 0",
			"results missing: the test reported no result on the kit's channel"},
		{"pass lines, and results in JSON on standard output", forged + `; echo '{"type":"seed","test":"TestX","seed":"1","verdict":"pass"}'; exit 0`,
			"results missing: the test reported no result on the kit's channel"},
		{"results for the public seeds, in the channel file", forged + `
while [ $# -gt 0 ]; do if [ "$1" = -results ]; then f=$2; fi; shift; done
echo '{"type":"seed","test":"TestX","seed":"1","verdict":"pass"}' >> "$f"`,
			"results missing: 1 of 1 seeds reported no result; a result for seed 1, which the grader did not ask for"},
		{"a line that is not a record", forged + `
while [ $# -gt 0 ]; do if [ "$1" = -results ]; then f=$2; fi; shift; done
echo '--- PASS: TestX' >> "$f"`,
			"results missing: the channel is unreadable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Run(ctx, c, shellScript(t, tc.body), t.TempDir(), "x", "TestX", []int64{8830281812312}, nil)
			require.NoError(t, err)
			assert.Equal(t, report.Fail, out.Status)
			assert.True(t, strings.HasPrefix(out.Missing, tc.missing), out.Missing)
		})
	}
}

// TestNoSecretReachesTheTest: the test process sees the seeds, never the
// salt, in its arguments or its environment.
func TestNoSecretReachesTheTest(t *testing.T) {
	t.Setenv("DISTLAB_SALT", "pepper-and-salt")
	t.Setenv("HIDDEN_HERE", "x pepper-and-salt x")
	seen := filepath.Join(t.TempDir(), "seen")
	script := shellScript(t, `echo "$@" > `+seen+`; env >> `+seen)
	c := Config{Seed: -1, Timeout: 10 * time.Second, Salt: "pepper-and-salt"}
	_, err := Run(context.Background(), c, script, t.TempDir(), "x", "TestX", []int64{8830281812312}, nil)
	require.NoError(t, err)
	data, err := os.ReadFile(seen)
	require.NoError(t, err)
	assert.Contains(t, string(data), "-seed-list 8830281812312 -results ")
	assert.NotContains(t, string(data), "pepper-and-salt")
	assert.NotContains(t, string(data), "DISTLAB_SALT")
}

func TestBuildError(t *testing.T) {
	root := fixture.FakeTree(t)
	require.NoError(t, os.WriteFile(filepath.Join(root, "fake", "broken.go"), []byte("package fake\n\nfunc broken() int { return \"no\" }\n"), 0o644))
	_, err := Build(context.Background(), Config{Root: root, Trimpath: true}, "./labs/fake", t.TempDir())
	var berr *BuildError
	require.ErrorAs(t, err, &berr)
	assert.Equal(t, "./labs/fake", berr.Package)
	assert.Contains(t, berr.Output, "fake/broken.go:3:28")
	assert.True(t, strings.HasPrefix(err.Error(), "testrun: ./labs/fake does not build:"))
}

func TestGrace(t *testing.T) {
	assert.Equal(t, 5*time.Second, Grace(2*time.Second))
	assert.Equal(t, 7500*time.Millisecond, Grace(30*time.Second))
	assert.Equal(t, 10*time.Second, Grace(3*time.Minute))
}

func TestKitArgs(t *testing.T) {
	assert.Equal(t, []string{"-seed-list", "7,123456789012", "-results", "/r/f"}, KitArgs([]int64{7, 123456789012}, "/r/f"))
	assert.Equal(t, []string{"-results", "/r/f"}, KitArgs(nil, "/r/f"))
}
