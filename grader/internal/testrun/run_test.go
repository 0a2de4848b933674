package testrun

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/fixture"
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
	run := func(t *testing.T, c Config, test string) *Outcome {
		t.Helper()
		events := 0
		out, err := Run(ctx, c, bin, dir, "github.com/distlab/distlab/labs/fake", test, func(Event, *Outcome) { events++ })
		require.NoError(t, err)
		assert.NotZero(t, events)
		return out
	}

	t.Run("pass", func(t *testing.T) {
		out := run(t, c, "TestPass")
		assert.Equal(t, Pass, out.Status)
		assert.Equal(t, 4, out.Count(Pass), "the test's default seeds")
		assert.Equal(t, 4*time.Second, out.Virtual())
	})
	t.Run("wall time", func(t *testing.T) {
		out := run(t, c, "TestSlowSeeds")
		assert.Equal(t, Pass, out.Status)
		assert.GreaterOrEqual(t, out.Wall, 400*time.Millisecond, "the child's wall time, seeds included")
		assert.Less(t, out.Elapsed, 400*time.Millisecond, "the testing package's own measure leaves out the parallel seeds")
	})
	t.Run("seeds flag", func(t *testing.T) {
		c := c
		c.Seeds = 6
		out := run(t, c, "TestPass")
		assert.Equal(t, 6, out.Count(Pass))
	})
	t.Run("salted seeds", func(t *testing.T) {
		c := c
		c.Seeds, c.Salt = 3, "pepper"
		out := run(t, c, "TestOddSeeds")
		require.Len(t, out.Seeds, 3)
		for _, s := range out.Seeds {
			assert.Greater(t, s.Seed, int64(1000), "salted seeds are not 1..K")
			want := Pass
			if s.Seed%2 == 1 {
				want = Fail
			}
			assert.Equal(t, want, s.Status, "seed %d", s.Seed)
		}
	})
	t.Run("one seed", func(t *testing.T) {
		c := c
		c.Seed = 3
		out := run(t, c, "TestOddSeeds")
		assert.Equal(t, Fail, out.Status)
		require.Len(t, out.Seeds, 1)
		assert.Equal(t, int64(3), out.Seeds[0].Seed)
		assert.Contains(t, out.Seeds[0].Output, "replay: go test ./labs/fake -run '^TestOddSeeds$/^seed=3$' -seed 3 -events")
	})
	t.Run("hang", func(t *testing.T) {
		c := c
		c.Timeout = 2 * time.Second
		out := run(t, c, "TestHang")
		assert.Equal(t, Timeout, out.Status)
		assert.Equal(t, 2*time.Second, out.Limit)
		assert.Equal(t, 2, out.Count(Running), "the binary's timeout panic names the seeds still running")
		assert.True(t, strings.HasPrefix(out.Panic, "panic: test timed out after 2s"), out.Panic)
	})
	t.Run("exit", func(t *testing.T) {
		out := run(t, c, "TestExit")
		assert.Equal(t, Crash, out.Status)
	})
	t.Run("skip", func(t *testing.T) {
		assert.Equal(t, Skip, run(t, c, "TestSkip").Status)
	})
	t.Run("no such test", func(t *testing.T) {
		assert.Equal(t, NotRun, run(t, c, "TestNope").Status)
	})
	t.Run("bad kit flag", func(t *testing.T) {
		c := c
		c.Args = []string{"-handler-timeout", "-1s"}
		out := run(t, c, "TestPass")
		assert.Equal(t, Fail, out.Status)
		assert.Contains(t, out.Output, "kit: -handler-timeout", "the kit's complaint is the test's output")
	})
	t.Run("killed when the binary ignores its timeout", func(t *testing.T) {
		// A test binary that sleeps past -test.timeout's reach: a shell
		// script standing in for it.
		if _, err := os.Stat("/bin/sh"); err != nil {
			t.Skip("no /bin/sh")
		}
		script := filepath.Join(t.TempDir(), "sleeper")
		require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\nsleep 60\n"), 0o755))
		c := c
		c.Timeout, c.Grace = 100*time.Millisecond, 100*time.Millisecond
		out, err := Run(ctx, c, script, dir, "x", "TestX", nil)
		require.NoError(t, err)
		assert.Equal(t, Timeout, out.Status)
		assert.Equal(t, c.Timeout, out.Limit)
	})
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
	assert.Empty(t, Config{Seed: -1}.KitArgs())
	assert.Equal(t, []string{"-seed", "7"}, Config{Seed: 7}.KitArgs())
	assert.Equal(t, []string{"-seeds", "50", "-salt", "s", "-handler-timeout", "1s"},
		Config{Seed: -1, Seeds: 50, Salt: "s", Args: []string{"-handler-timeout", "1s"}}.KitArgs())
}
