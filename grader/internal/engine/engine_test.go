package engine

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/labs"
	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/testrun"
	"github.com/distlab/distlab/labs/kit"
)

func fakeSelection(t *testing.T, root string, names ...string) []Selected {
	t.Helper()
	all, err := labs.Discover(root)
	require.NoError(t, err)
	require.Len(t, all, 1)
	var sel []Selected
	for _, n := range names {
		for _, tt := range all[0].Tests {
			if tt.Name == n {
				sel = append(sel, Selected{Lab: all[0], Test: tt, Index: len(sel)})
			}
		}
	}
	require.Len(t, sel, len(names))
	return sel
}

func TestRunFakeLab(t *testing.T) {
	root := fixture.FakeTree(t)
	sel := fakeSelection(t, root, "TestPass", "TestOddSeeds", "TestExit", "TestSkip")
	rep := NewReport(sel)
	require.Len(t, rep.Labs, 1)
	for _, lt := range rep.Tests() {
		assert.Equal(t, report.Pending, lt.Test.Status)
	}
	var started, done []string
	e := &Engine{
		Config: testrun.Config{Root: root, Seed: -1, Trimpath: true, Timeout: time.Minute},
		Hooks: Hooks{
			TestStart: func(l *report.Lab, tt *report.Test) { started = append(started, tt.Name) },
			TestDone:  func(l *report.Lab, tt *report.Test) { done = append(done, tt.Name+":"+string(tt.Status)) },
		},
	}
	require.NoError(t, e.Run(context.Background(), rep))
	assert.Equal(t, []string{"TestPass", "TestOddSeeds", "TestExit", "TestSkip"}, started)
	assert.Equal(t, []string{"TestPass:pass", "TestOddSeeds:fail", "TestExit:crash", "TestSkip:skip"}, done)
	l := rep.Labs[0]
	assert.Equal(t, 5, l.Score())
	odd := l.Tests[1]
	assert.Equal(t, 4, odd.Seeds)
	assert.Equal(t, 2, odd.Passed)
	require.Len(t, odd.Failures, 2)
	assert.Equal(t, int64(3), odd.Failures[1].Seed)
	assert.Equal(t, "go test ./labs/fake -run '^TestOddSeeds$/^seed=3$' -seed 3 -events", odd.Failures[1].Replay)
	assert.Equal(t, "2 of 4 seeds failed; first: seed 1 at virtual time 1.000000s: odd seeds break the invariant", odd.Message)
	assert.Equal(t, 4.0, odd.Virtual)
	assert.Equal(t, uint64(24), odd.Events)
}

func TestBuildErrorScoresTheLabZero(t *testing.T) {
	root := fixture.FakeTree(t)
	require.NoError(t, os.WriteFile(filepath.Join(root, "fake", "broken.go"), []byte("package fake\n\nvar x int = \"no\"\n"), 0o644))
	rep := NewReport(fakeSelection(t, root, "TestPass", "TestSkip"))
	e := &Engine{Config: testrun.Config{Root: root, Seed: -1, Trimpath: true, Timeout: time.Minute}}
	require.NoError(t, e.Run(context.Background(), rep))
	l := rep.Labs[0]
	assert.Contains(t, l.BuildError, "fake/broken.go:3:13")
	for _, tt := range l.Tests {
		assert.Equal(t, report.Build, tt.Status)
	}
}

func TestImportRuleScoresTheLabZero(t *testing.T) {
	root := fixture.FakeTree(t)
	require.NoError(t, os.WriteFile(filepath.Join(root, "fake", "cheat.go"),
		[]byte("package fake\n\nimport _ \"github.com/distlab/distlab/labs/kit\"\n"), 0o644))
	rep := NewReport(fakeSelection(t, root, "TestPass"))
	e := &Engine{Config: testrun.Config{Root: root, Seed: -1, Timeout: time.Minute}, CheckImports: true}
	require.NoError(t, e.Run(context.Background(), rep))
	l := rep.Labs[0]
	assert.Equal(t, []string{`fake/cheat.go:3 imports "github.com/distlab/distlab/labs/kit"`}, l.Imports)
	assert.Equal(t, report.Imports, l.Tests[0].Status)
	assert.Equal(t, `fake/ imports "github.com/distlab/distlab/labs/kit", which student packages may not`, l.Tests[0].Message)
}

func TestMissingStudentPackage(t *testing.T) {
	root := fixture.FakeTree(t)
	rep := NewReport(fakeSelection(t, root, "TestPass"))
	e := &Engine{Config: testrun.Config{Root: root, Seed: -1, Timeout: time.Minute}, Missing: []string{"fake"}}
	require.NoError(t, e.Run(context.Background(), rep))
	assert.Equal(t, report.Build, rep.Labs[0].Tests[0].Status)
	assert.Contains(t, rep.Labs[0].BuildError, "the submission has no fake/ directory")
}

func TestInterruptedRunLeavesTestsPending(t *testing.T) {
	root := fixture.FakeTree(t)
	rep := NewReport(fakeSelection(t, root, "TestPass", "TestSkip"))
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{
		Config: testrun.Config{Root: root, Seed: -1, Trimpath: true, Timeout: time.Minute},
		Hooks:  Hooks{TestDone: func(*report.Lab, *report.Test) { cancel() }},
	}
	err := e.Run(ctx, rep)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, report.Pass, rep.Labs[0].Tests[0].Status)
	assert.Equal(t, report.Pending, rep.Labs[0].Tests[1].Status)
}

func seedOutcome(status testrun.Status, seeds ...int64) *testrun.Outcome {
	o := &testrun.Outcome{Test: "TestX", Status: status, Elapsed: 1500 * time.Millisecond}
	for _, s := range seeds {
		o.Seeds = append(o.Seeds, &testrun.Seed{Name: "seed=" + itoa(s), Seed: s, Status: testrun.Pass,
			Summary: &testrun.Summary{Virtual: 2 * time.Second, Events: 10}})
	}
	return o
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestFill(t *testing.T) {
	c := testrun.Config{Seed: -1}
	t.Run("pass", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", seedOutcome(testrun.Pass, 1, 2, 3), c)
		assert.Equal(t, report.Pass, tt.Status)
		assert.Equal(t, 3, tt.Score())
		assert.Equal(t, [2]int{3, 3}, [2]int{tt.Seeds, tt.Passed})
		assert.Equal(t, 6.0, tt.Virtual)
		assert.Equal(t, uint64(30), tt.Events)
		assert.Equal(t, 1.5, tt.Wall)
		assert.Empty(t, tt.Message)
	})
	t.Run("a test without seeds", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", seedOutcome(testrun.Pass), c)
		assert.Equal(t, [2]int{1, 1}, [2]int{tt.Seeds, tt.Passed})
		Fill(tt, "./labs/x", &testrun.Outcome{Status: testrun.Fail, Output: "x_test.go:3: wrong answer"}, c)
		assert.Equal(t, report.Fail, tt.Status)
		assert.Equal(t, [2]int{1, 0}, [2]int{tt.Seeds, tt.Passed})
		assert.Equal(t, "failed: x_test.go:3: wrong answer", tt.Message)
	})
	t.Run("other seeds than asked for", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", seedOutcome(testrun.Pass, 1, 2, 7), c)
		assert.Equal(t, report.Fail, tt.Status)
		assert.Equal(t, `ran seed "seed=7", which the grader did not ask for`, tt.Message)

		cs := c
		cs.Seeds = 4
		Fill(tt, "./labs/x", seedOutcome(testrun.Pass, 1, 2, 3), cs)
		assert.Equal(t, "ran 3 seeds, not the 4 the grader asked for", tt.Message)

		salted := c
		salted.Salt = "pepper"
		Fill(tt, "./labs/x", seedOutcome(testrun.Pass, 1, 2), salted)
		assert.Equal(t, report.Fail, tt.Status, "the public seeds when the salt asked for others")
		Fill(tt, "./labs/x", seedOutcome(testrun.Pass, kit.SaltedSeed("pepper", "TestX", 0), kit.SaltedSeed("pepper", "TestX", 1)), salted)
		assert.Equal(t, report.Pass, tt.Status)

		cases := seedOutcome(testrun.Pass, 1, 2)
		cases.Seeds = append(cases.Seeds, &testrun.Seed{Name: "empty ring", Seed: -1, Status: testrun.Pass})
		Fill(tt, "./labs/x", cases, cs)
		assert.Equal(t, "ran 2 seeds, not the 4 the grader asked for", tt.Message, "only subtests named seed=N are seeds")
		Fill(tt, "./labs/x", cases, c)
		assert.Equal(t, report.Pass, tt.Status, "other subtests are the test's own business")

		one := c
		one.Seed = 7
		Fill(tt, "./labs/x", seedOutcome(testrun.Pass, 7), one)
		assert.Equal(t, report.Pass, tt.Status)
	})
	t.Run("timeout", func(t *testing.T) {
		o := seedOutcome(testrun.Timeout, 1, 2, 3)
		o.Limit = time.Minute
		o.Seeds[1].Status = testrun.Running
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, report.Timeout, tt.Status)
		assert.Equal(t, "stopped at the time limit of 1m0s (seeds still running: 2): a handler that never returns, or far too slow?", tt.Message)
		require.Len(t, tt.Failures, 1)
		assert.Equal(t, "seed 2 did not finish before the time limit", tt.Failures[0].Message)
		assert.Equal(t, "go test ./labs/x -run '^TestX$/^seed=2$' -seed 2 -events", tt.Failures[0].Replay)
	})
	t.Run("crash", func(t *testing.T) {
		o := seedOutcome(testrun.Crash, 1)
		o.Seeds[0].Status = testrun.Fail
		o.Panic = "panic: close of closed channel\n\ngoroutine 5 [running]:"
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, report.Crash, tt.Status)
		assert.Equal(t, "the test binary died before the test finished: panic: close of closed channel", tt.Message)
		assert.Equal(t, "seed 1 was running when the test binary died", tt.Failures[0].Message)
		assert.Contains(t, tt.Output, "goroutine 5 [running]:")
	})
	t.Run("porcupine", func(t *testing.T) {
		o := seedOutcome(testrun.Fail, 4)
		o.Seeds[0].Status = testrun.Fail
		o.Seeds[0].Output = "seed 4 at virtual time 2s: LINEARIZABILITY violated\n    porcupine's visualization: /tmp/p/TestX-seed4.html\n    replay: go test ./labs/x -run '^TestX$/^seed=4$' -seed 4 -events"
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, "/tmp/p/TestX-seed4.html", tt.Failures[0].Porcupine)
		assert.Equal(t, "go test ./labs/x -run '^TestX$/^seed=4$' -seed 4 -events", tt.Failures[0].Replay)
	})
	t.Run("skip and not run", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", &testrun.Outcome{Status: testrun.Skip, Output: "later"}, c)
		assert.Equal(t, "the test skipped itself, which scores 0: later", tt.Message)
		Fill(tt, "./labs/x", &testrun.Outcome{Status: testrun.NotRun}, c)
		assert.Equal(t, report.NotRun, tt.Status)
		assert.Zero(t, tt.Score())
	})
}

func TestShorten(t *testing.T) {
	long := ""
	for range 50 {
		long += "abcdé"
	}
	s := shorten(long)
	assert.LessOrEqual(t, len(s), maxMessage)
	assert.True(t, len(s) > 0 && s[len(s)-3:] == "...")
}
