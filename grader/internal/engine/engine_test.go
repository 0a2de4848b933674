package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/labs"
	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/grader/internal/shard"
	"github.com/distlab/distlab/grader/internal/testrun"
	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/labs/rules"
)

// fakeReport returns a report of the named tests of the fake lab, in
// the order named.
func fakeReport(t *testing.T, root string, names ...string) *report.Report {
	t.Helper()
	all, err := labs.Discover(root)
	require.NoError(t, err)
	require.Len(t, all, 1)
	rep, n := NewReport(all, func(tt *report.Test) bool { return slices.Contains(names, tt.Name) }, shard.All)
	require.Equal(t, len(names), n)
	// In the order named, which the tests below run them in.
	slices.SortFunc(rep.Labs[0].Tests, func(a, b *report.Test) int {
		return slices.Index(names, a.Name) - slices.Index(names, b.Name)
	})
	return rep
}

func TestRunFakeLab(t *testing.T) {
	root := fixture.FakeTree(t)
	rep := fakeReport(t, root, "TestPass", "TestOddSeeds", "TestExit", "TestSkip")
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
	rep := fakeReport(t, root, "TestPass", "TestSkip")
	e := &Engine{Config: testrun.Config{Root: root, Seed: -1, Trimpath: true, Timeout: time.Minute}}
	require.NoError(t, e.Run(context.Background(), rep))
	l := rep.Labs[0]
	assert.Contains(t, l.BuildError, "fake/broken.go:3:13")
	for _, tt := range l.Tests {
		assert.Equal(t, report.Build, tt.Status)
		assert.Regexp(t, `^the lab does not build: fake/broken.go:3:13: cannot use "no"`, tt.Message, "the message stands on its own in every format")
		assert.NotContains(t, tt.Message, "above")
		assert.Contains(t, tt.Output, "fake/broken.go:3:13", "each test carries the compiler's message")
	}
}

func TestRulesScoreTheLabZero(t *testing.T) {
	root := fixture.FakeTree(t)
	require.NoError(t, os.WriteFile(filepath.Join(root, "fake", "cheat.go"),
		[]byte("package fake\n\nimport _ \"github.com/distlab/distlab/labs/kit\"\n\nvar shared int\n"), 0o644))
	rep := fakeReport(t, root, "TestPass")
	e := &Engine{Config: testrun.Config{Root: root, Seed: -1, Trimpath: true, Timeout: time.Minute}, CheckRules: true}
	require.NoError(t, e.Run(context.Background(), rep))
	l := rep.Labs[0]
	require.Len(t, l.Imports, 2)
	assert.Regexp(t, `^fake/cheat.go:3:10: import: import "github.com/distlab/distlab/labs/kit": student packages import only the allowed standard library, sim, rpc and their own sub-packages — `, l.Imports[0])
	assert.Regexp(t, `^fake/cheat.go:5:5: package-state: package-level var shared `, l.Imports[1])
	assert.Equal(t, report.Imports, l.Tests[0].Status)
	assert.Equal(t, `fake/ breaks the rules of labs/README.md: fake/cheat.go:3:10: import: import "github.com/distlab/distlab/labs/kit": student packages import only the allowed standard library, sim, rpc and their own sub-packages (and 1 more)`, l.Tests[0].Message)
	assert.Equal(t, l.Imports[0]+"\n"+l.Imports[1], l.Tests[0].Output)
}

func TestRulesPassTheReference(t *testing.T) {
	root := fixture.FakeTree(t)
	rep := fakeReport(t, root, "TestPass")
	e := &Engine{Config: testrun.Config{Root: root, Seed: -1, Trimpath: true, Timeout: time.Minute}, CheckRules: true}
	require.NoError(t, e.Run(context.Background(), rep))
	assert.Empty(t, rep.Labs[0].Imports)
	assert.Equal(t, report.Pass, rep.Labs[0].Tests[0].Status, "the test binary takes -rules=false")
}

func TestMissingStudentPackage(t *testing.T) {
	root := fixture.FakeTree(t)
	rep := fakeReport(t, root, "TestPass")
	e := &Engine{Config: testrun.Config{Root: root, Seed: -1, Trimpath: true, Timeout: time.Minute}, Missing: []string{"fake"}}
	require.NoError(t, e.Run(context.Background(), rep))
	assert.Equal(t, report.Build, rep.Labs[0].Tests[0].Status)
	assert.Contains(t, rep.Labs[0].BuildError, "the submission has no fake/ directory")
}

func TestInterruptedRunLeavesTestsPending(t *testing.T) {
	root := fixture.FakeTree(t)
	rep := fakeReport(t, root, "TestPass", "TestSkip")
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

func seedOutcome(status report.Status, seeds ...int64) *testrun.Outcome {
	o := &testrun.Outcome{Test: "TestX", Status: status, Elapsed: time.Millisecond, Wall: 1500 * time.Millisecond}
	for _, s := range seeds {
		o.Seeds = append(o.Seeds, &testrun.Seed{Status: report.Pass, Record: results.Record{Seed: s, Virtual: 2 * time.Second, Events: 10,
			Replay: fmt.Sprintf("go test ./labs/x -run '^TestX$/^seed=%d$' -seed %d -events", s, s)}})
	}
	return o
}

// failSeed makes a seed of o fail as the kit reports it.
func failSeed(s *testrun.Seed, kind results.Kind, msg string) {
	s.Status, s.Kind, s.Message = report.Fail, kind, msg+"\n    replay: "+s.Replay
	s.First, _, _ = strings.Cut(msg, "\n")
}

func TestFill(t *testing.T) {
	c := testrun.Config{Seed: -1}
	t.Run("pass", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		o := seedOutcome(report.Pass, 1, 2, 3)
		o.Stray = "stray words of student code"
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, report.Pass, tt.Status)
		assert.Equal(t, 3, tt.Score())
		assert.Equal(t, [2]int{3, 3}, [2]int{tt.Seeds, tt.Passed})
		assert.Equal(t, 6.0, tt.Virtual)
		assert.Equal(t, uint64(30), tt.Events)
		assert.Equal(t, 1.5, tt.Wall, "the child's wall time, not the test's own Elapsed, which leaves out its parallel seeds")
		assert.Empty(t, tt.Message)
		assert.Empty(t, tt.Output, "the stray output of a test that passed is never shown")
	})
	t.Run("results missing", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		o := seedOutcome(report.Fail, 1, 2)
		o.Seeds[1].Status = report.Pending
		o.Missing = "results missing: 1 of 2 seeds reported no result"
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, report.Fail, tt.Status)
		assert.Zero(t, tt.Score())
		assert.Equal(t, "results missing: 1 of 2 seeds reported no result", tt.Message)
		require.Len(t, tt.Failures, 1)
		assert.Equal(t, "MISSING", tt.Failures[0].Kind)
		assert.Equal(t, "seed 2 reported no result (results missing)", tt.Failures[0].Message)
		assert.Equal(t, "go test ./labs/x -run '^TestX$/^seed=2$' -seed 2 -events", tt.Failures[0].Replay)
	})
	t.Run("the kit could not run the seeds", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		o := seedOutcome(report.Fail, 1)
		o.Seeds[0].Status = report.Pending
		o.Error = "kit: -handler-timeout -1s is negative"
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, "failed: kit: -handler-timeout -1s is negative", tt.Message)
	})
	t.Run("a failure outside the seeds", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		o := seedOutcome(report.Fail, 1)
		o.Output = "x_test.go:3: wrong answer"
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, "failed: x_test.go:3: wrong answer", tt.Message)
		assert.Equal(t, "x_test.go:3: wrong answer", tt.Output)
	})
	t.Run("timeout", func(t *testing.T) {
		o := seedOutcome(report.Timeout, 1, 2, 3)
		o.Limit = time.Minute
		o.Seeds[1].Status = report.Pending
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, report.Timeout, tt.Status)
		assert.Equal(t, "stopped at the time limit of 1m0s (seeds still running: 2): a handler that never returns, or far too slow?", tt.Message)
		require.Len(t, tt.Failures, 1)
		assert.Equal(t, "seed 2 did not finish before the time limit", tt.Failures[0].Message)
		assert.Equal(t, "TIMEOUT", tt.Failures[0].Kind)
		assert.Equal(t, "go test ./labs/x -run '^TestX$/^seed=2$' -seed 2 -events", tt.Failures[0].Replay)
	})
	t.Run("memory limit", func(t *testing.T) {
		o := seedOutcome(report.Memory, 1, 2)
		o.Memory, o.MemoryOver = 2200<<20, true
		o.Seeds[1].Status = report.Pending
		mc := c
		mc.Memory = 2 << 30
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, mc)
		assert.Equal(t, report.Memory, tt.Status)
		assert.Zero(t, tt.Score())
		assert.Equal(t, "MEMORY LIMIT: the test's processes grew to 2.1 GiB, over the limit of 2 GiB (seeds still running: 2): a node that keeps everything it ever sees?", tt.Message)
		require.Len(t, tt.Failures, 1)
		assert.Equal(t, "seed 2 was running when the test was killed at its memory limit", tt.Failures[0].Message)
		assert.Equal(t, "go test ./labs/x -run '^TestX$/^seed=2$' -seed 2 -events", tt.Failures[0].Replay)
	})
	t.Run("crash", func(t *testing.T) {
		o := seedOutcome(report.Crash, 1)
		o.Seeds[0].Status = report.Pending
		o.Panic = "panic: close of closed channel\n\ngoroutine 5 [running]:"
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, report.Crash, tt.Status)
		assert.Equal(t, "the test binary died before the test finished (seeds still running: 1): panic: close of closed channel", tt.Message)
		assert.Equal(t, "seed 1 was running when the test binary died", tt.Failures[0].Message)
		assert.Contains(t, tt.Output, "goroutine 5 [running]:")
	})
	t.Run("porcupine", func(t *testing.T) {
		o := seedOutcome(report.Fail, 4)
		failSeed(o.Seeds[0], results.Linearizability, "seed 4 at virtual time 2s: LINEARIZABILITY violated")
		o.Seeds[0].Porcupine = "/tmp/p/TestX-seed4.html"
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, "/tmp/p/TestX-seed4.html", tt.Failures[0].Porcupine, "from the channel, not the text")
		assert.Equal(t, "LINEARIZABILITY", tt.Failures[0].Kind)
		assert.Equal(t, "go test ./labs/x -run '^TestX$/^seed=4$' -seed 4 -events", tt.Failures[0].Replay)
	})
	t.Run("a stuck handler, then seeds not run", func(t *testing.T) {
		// The kit stops running seeds once a handler is stuck: the seeds
		// that started after it fail at once with "not run:". They may
		// have started before the stuck one.
		o := seedOutcome(report.Fail, 1, 2, 3, 4, 5)
		notRun := func(s *testrun.Seed) {
			failSeed(s, results.NotRun, fmt.Sprintf("seed %d: not run: a stuck handler of an earlier seed still runs", s.Seed))
		}
		notRun(o.Seeds[0])
		notRun(o.Seeds[1])
		failSeed(o.Seeds[2], results.Failed, "seed 3 at virtual time 0.200000s: two leaders in term 2")
		failSeed(o.Seeds[3], results.Hang, "seed 4 at virtual time 0.100000s: HANG: a handler never returned\n    node n1")
		notRun(o.Seeds[4])
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, c)
		assert.Equal(t, report.Fail, tt.Status)
		var order []int64
		var notRunFlags []bool
		for _, f := range tt.Failures {
			order = append(order, f.Seed)
			notRunFlags = append(notRunFlags, f.NotRun)
		}
		assert.Equal(t, []int64{4, 3, 1, 2, 5}, order, "the HANG first, then other failures, then the seeds not run")
		assert.Equal(t, []bool{false, false, true, true, true}, notRunFlags)
		assert.Equal(t, "2 of 5 seeds failed, 3 not run; first: seed 4 at virtual time 0.100000s: HANG: a handler never returned", tt.Message)
	})
	t.Run("salted: the first failing seed only", func(t *testing.T) {
		salted := testrun.Config{Seed: -1, Salt: "pepper"}
		seeds := []int64{SaltedSeed("pepper", "TestX", 0), SaltedSeed("pepper", "TestX", 1), SaltedSeed("pepper", "TestX", 2)}
		o := seedOutcome(report.Fail, seeds...)
		failSeed(o.Seeds[1], results.Failed, fmt.Sprintf("seed %d at virtual time 1s: two leaders", seeds[1]))
		failSeed(o.Seeds[2], results.Failed, fmt.Sprintf("seed %d at virtual time 1s: two leaders", seeds[2]))
		o.Output = fmt.Sprintf("student code printed %d and %#x and %d", seeds[0], seeds[2], seeds[1])
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", o, salted)
		require.Len(t, tt.Failures, 1)
		assert.Equal(t, seeds[1], tt.Failures[0].Seed, "the first failing seed, in full")
		assert.Contains(t, tt.Failures[0].Message, fmt.Sprint(seeds[1]))
		assert.Equal(t, 1, tt.Withheld)
		assert.Equal(t, fmt.Sprintf("student code printed N and 0xN and %d", seeds[1]), tt.Output, "no other seed shows")
		assert.Equal(t, fmt.Sprintf("2 of 3 seeds failed; first: seed %d at virtual time 1s: two leaders", seeds[1]), tt.Message)
	})
	t.Run("skip and not run", func(t *testing.T) {
		tt := &report.Test{Name: "TestX", Points: 3}
		Fill(tt, "./labs/x", &testrun.Outcome{Status: report.Skip, Output: "later"}, c)
		assert.Equal(t, "the test skipped itself, which scores 0: later", tt.Message)
		Fill(tt, "./labs/x", &testrun.Outcome{Status: report.NotRun}, c)
		assert.Equal(t, report.NotRun, tt.Status)
		assert.Zero(t, tt.Score())
	})
}

func TestSeedsFor(t *testing.T) {
	assert.Equal(t, []int64{1, 2, 3}, SeedsFor(testrun.Config{Seed: -1}, "TestX", 3), "the public seeds are 1..K")
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, SeedsFor(testrun.Config{Seed: -1, Seeds: 5}, "TestX", 3))
	assert.Equal(t, []int64{42}, SeedsFor(testrun.Config{Seed: 42, Seeds: 5}, "TestX", 3))
	salted := SeedsFor(testrun.Config{Seed: -1, Salt: "s3cret"}, "TestX", 4)
	assert.Len(t, salted, 4)
	for i, s := range salted {
		assert.Equal(t, SaltedSeed("s3cret", "TestX", i), s)
		assert.Greater(t, s, int64(1000), "a salted seed is not a small public one")
	}
	assert.NotEqual(t, salted, SeedsFor(testrun.Config{Seed: -1, Salt: "s3cret"}, "TestY", 4), "each test has its own seeds")
	assert.NotEqual(t, salted, SeedsFor(testrun.Config{Seed: -1, Salt: "other"}, "TestX", 4), "each salt has its own seeds")
	seen := map[int64]bool{}
	for i := range 10000 {
		s := SaltedSeed("salt", "TestX", i)
		assert.False(t, seen[s], "seed %d repeats", i)
		seen[s] = true
	}
}

// TestSaltedSeedsKeepEachOther checks that the seeds students see (the
// first failing seed of each test) do not give away the other grading
// seeds: it tries what undoes an unkeyed hash of the salt and the test's
// name finished by an invertible mix (undo the mix, then the FNV-1a steps
// of the name, then hash another name), and that must predict nothing.
func TestSaltedSeedsKeepEachOther(t *testing.T) {
	const (
		prime = 1099511628211
		gold  = 0x9e3779b97f4a7c15
		mul   = 0xbf58476d1ce4e5b9
	)
	inverse := func(a uint64) uint64 { // of an odd a, mod 2^64
		x := a
		for range 6 {
			x *= 2 - a*x
		}
		return x
	}
	unshift := func(y uint64, s uint) uint64 { // undoes y = x ^ x>>s
		x := y
		for range 64 / s {
			x = y ^ x>>s
		}
		return x
	}
	fnv := func(h uint64, s string) uint64 {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= prime
		}
		return h
	}
	mix := func(h uint64) int64 {
		h ^= h >> 31
		h *= mul
		h ^= h >> 29
		return int64(h >> 1)
	}
	const salt = "course-secret"
	known := SaltedSeed(salt, "TestA", 0) // shown to the student
	secret := map[int64]bool{}
	for _, test := range []string{"TestA", "TestB"} {
		for i := range 10 {
			if s := SaltedSeed(salt, test, i); s != known {
				secret[s] = true
			}
		}
	}
	for i := range 20 { // the index of the seed shown
		for bit := range uint64(2) { // the bit the last shift dropped
			h := unshift(unshift(uint64(known)<<1|bit, 29)*inverse(mul), 31) ^ uint64(i)*gold
			name := "\x00TestA"
			for j := len(name) - 1; j >= 0; j-- {
				h = h*inverse(prime) ^ uint64(name[j])
			}
			for _, test := range []string{"TestA", "TestB"} {
				for j := range 10 {
					guess := mix(fnv(h, "\x00"+test) ^ uint64(j)*gold)
					if secret[guess] {
						t.Fatalf("seed %d of TestA gives away seed %d of %s (%d) without the salt", known, j, test, guess)
					}
				}
			}
		}
	}
}

func TestTrimOutput(t *testing.T) {
	var lines []string
	for i := range 100 {
		lines = append(lines, fmt.Sprintf("x.go:%d:1: undefined: y%d", i, i))
	}
	out := trimOutput(strings.Join(lines, "\n"))
	assert.Equal(t, maxOutputLines+1, strings.Count(out, "\n")+1)
	assert.True(t, strings.HasSuffix(out, "\n... (60 more lines)"), out)
	assert.Equal(t, "a\nb", trimOutput("a\nb\n"))
	assert.LessOrEqual(t, len(trimOutput(strings.Repeat(strings.Repeat("z", 1000)+"\n", 30))), maxOutputBytes+100)
	assert.Equal(t, "x.go:1:1: bad", compilerError("# github.com/distlab/distlab/x\nx.go:1:1: bad\n"))
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

func TestSelectNumbersAreStable(t *testing.T) {
	all := []*report.Lab{
		{Name: "election", Number: 1, Tests: []*report.Test{{Lab: "election", Name: "TestA", Number: 1}, {Lab: "election", Name: "TestB", Number: 2}}},
		{Name: "hashring", Number: 2, Tests: []*report.Test{{Lab: "hashring", Name: "TestC", Number: 1}}},
		{Name: "paxos", Number: 3, Tests: []*report.Test{{Lab: "paxos", Name: "TestD", Number: 1}, {Lab: "paxos", Name: "TestE", Number: 2}, {Lab: "paxos", Name: "TestF", Number: 3}}},
	}
	rep, n := NewReport(all, func(t *report.Test) bool { return t.Lab == "paxos" && t.Name != "TestD" }, shard.All)
	require.Equal(t, 2, n)
	assert.Equal(t, [2]int{0, 1}, [2]int{rep.Labs[0].Tests[0].Index, rep.Labs[0].Tests[1].Index})
	assert.Equal(t, 3, rep.Labs[0].Number)
	assert.Equal(t, [2]int{2, 3}, [2]int{rep.Labs[0].Tests[0].Number, rep.Labs[0].Tests[1].Number}, "numbers stay those of the full lab")
	assert.Equal(t, report.Pending, rep.Labs[0].Tests[0].Status)
	rep.Labs[0].Tests[0].Status = report.Pass
	assert.Empty(t, all[2].Tests[1].Status, "the report holds copies")

	rep, n = NewReport(all, func(*report.Test) bool { return true }, shard.Shard{K: 2, N: 2})
	assert.Equal(t, 6, n)
	assert.Equal(t, []string{"election", "paxos"}, []string{rep.Labs[0].Name, rep.Labs[1].Name})
	assert.Equal(t, "TestB", rep.Labs[0].Tests[0].Name)
	assert.Equal(t, [2]int{3, 5}, [2]int{rep.Labs[1].Tests[0].Index, rep.Labs[1].Tests[1].Index}, "the shard keeps the places in the whole selection")
}

func TestHowManySeeds(t *testing.T) {
	assert.Len(t, SeedsFor(testrun.Config{Seed: -1}, "TestX", 50), 50)
	assert.Len(t, SeedsFor(testrun.Config{Seed: -1, Salt: "s"}, "TestX", 50), 50, "a salt changes which seeds, not how many")
	assert.Len(t, SeedsFor(testrun.Config{Seed: -1, Seeds: 500}, "TestX", 50), 500)
	assert.Len(t, SeedsFor(testrun.Config{Seed: 17}, "TestX", 50), 1)
	assert.Empty(t, SeedsFor(testrun.Config{Seed: -1}, "TestX", 0), "a test whose default is unknown")
}

// TestStuckHandler runs the fake lab's TestHang, whose handler loops
// forever, with a short handler timeout: the kit fails the stuck seeds
// with HANG and the seeds after them at once with "not run:". The report
// puts the HANGs first and marks the others.
func TestStuckHandler(t *testing.T) {
	root := fixture.FakeTree(t)
	rep := fakeReport(t, root, "TestHang")
	e := &Engine{Config: testrun.Config{Root: root, Seed: -1, Seeds: 10, Trimpath: true, Timeout: time.Minute,
		Args: []string{"-test.parallel", "2", "-handler-timeout", "300ms"}}}
	require.NoError(t, e.Run(context.Background(), rep))
	l := rep.Labs[0]
	tt := l.Tests[0]
	assert.Equal(t, report.Fail, tt.Status, tt.Message)
	require.NotEmpty(t, tt.Failures)
	assert.Equal(t, string(results.Hang), tt.Failures[0].Kind, "the HANG first: %s", tt.Failures[0].Message)
	assert.Contains(t, tt.Message, "HANG")
	notRun, seenNotRun := 0, false
	for _, f := range tt.Failures {
		if f.NotRun {
			notRun++
			seenNotRun = true
		} else {
			assert.False(t, seenNotRun, "seeds not run come after the failures")
		}
	}
	require.NotZero(t, notRun, "two seeds at a time hang; the kit runs none of the others")
	assert.Contains(t, tt.Message, fmt.Sprintf(", %d not run; first: ", notRun))
	d := report.Details(l, tt)
	assert.Contains(t, d, fmt.Sprintf("and %d seeds not run: the kit stopped running seeds after a handler got stuck (HANG above)", notRun))
	assert.Equal(t, 1, strings.Count(d, " not run: "), "one line for them all:\n%s", d)
}

// TestFailRulesBounded checks that a lab that breaks the rules on every
// line carries a bounded report: the first maxViolations violations, then
// a count of the rest, in the lab's list and in each test's output. The
// count takes in the violations a checker found and did not hand back.
func TestFailRulesBounded(t *testing.T) {
	var vs []rules.Violation
	for i := range 10 * maxViolations {
		vs = append(vs, rules.Violation{File: "hashring/zz.go", Line: i + 1, Col: 1, Rule: rules.RuleOutput, What: "the println builtin (use env.Logf)"})
	}
	for _, more := range []int{0, 5000} {
		l := &report.Lab{Student: "hashring", Tests: []*report.Test{{Name: "TestA", Status: report.Pending}, {Name: "TestB", Status: report.Pending}}}
		(&Engine{}).failRules(l, vs, more)
		require.Len(t, l.Imports, maxViolations+1)
		assert.Equal(t, vs[0].String(), l.Imports[0])
		assert.Equal(t, fmt.Sprintf("... and %d more (go run ./grader check lists every one)", 9*maxViolations+more), l.Imports[maxViolations])
		for _, tt := range l.Tests {
			assert.Equal(t, report.Imports, tt.Status)
			assert.Equal(t, maxViolations+1, strings.Count(tt.Output, "\n")+1)
			assert.Contains(t, tt.Message, fmt.Sprintf("(and %d more)", len(vs)-1+more))
		}
	}
}
