package mutant

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tinyModule writes a module with a function and tests of it: TestRare
// sweeps seeds as the kit does (subtests seed=1..K, -seeds K, 4 by
// default) and TestPlain is not a sweep.
func tinyModule(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":       "module example.com/tiny\n\ngo 1.26\n",
		"calc/calc.go": "package calc\n\n// Add adds.\nfunc Add(a, b int) int {\n\treturn a + b\n}\n",
		"calc/calc_test.go": `package calc

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

var (
	seeds    = flag.Int("seeds", 4, "seeds per sweep")
	seedList = flag.String("seed-list", "", "run exactly these seeds")
	listing  = flag.Bool("list-sweeps", false, "record the default count and run no seed")
	results  = flag.String("results", "", "the channel")
)

// seedsToRun returns -seed-list's seeds, or 1..n.
func seedsToRun(n int) []int {
	var out []int
	if *seedList != "" {
		for _, f := range strings.Split(*seedList, ",") {
			s, _ := strconv.Atoi(f)
			out = append(out, s)
		}
		return out
	}
	for s := 1; s <= n; s++ {
		out = append(out, s)
	}
	return out
}

func TestRare(t *testing.T) {
	if *listing {
		rec := "{\"type\":\"sweep\",\"test\":\"TestRare\",\"default_seeds\":4}\n"
		if err := os.WriteFile(*results, []byte(rec), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, seed := range seedsToRun(*seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			if Add(seed, 0) != seed {
				t.Fatalf("%d+0", seed)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	if Add(-1, 1) != 0 {
		t.Fatal("-1+1")
	}
}
`,
	}
	writeFiles(t, root, files)
	return root
}

// writeFiles writes files (slash-separated paths under root, and their
// text).
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
}

// edit returns a mutant of tinyModule's Add.
func edit(repl string) Mutant {
	return Mutant{Name: "m", Summary: "bug", Edits: []Edit{{File: "calc/calc.go", Old: "\treturn a + b\n", New: repl}}}
}

func TestRun(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := tinyModule(t)
	ctx := context.Background()

	res, err := Run(ctx, root, "./calc", edit("\treturn a - b\n"))
	require.NoError(t, err)
	assert.True(t, res.Caught())
	assert.Equal(t, []string{"TestPlain"}, res.Failed, "-1-1 != 0")
	assert.Equal(t, []string{"TestRare"}, res.Passed, "n-0 == n")
	assert.Equal(t, []TestResult{{Name: "TestRare", Seeds: 4}, {Name: "TestPlain", Failed: true}}, res.Tests)

	res, err = Run(ctx, root, "./calc", edit("\treturn b + a\n"), "-seeds", "6")
	require.NoError(t, err)
	assert.False(t, res.Caught(), "an equivalent mutant survives")
	assert.Equal(t, []TestResult{{Name: "TestRare", Seeds: 6}, {Name: "TestPlain"}}, res.Tests, "test binary flags reach the tests")

	_, err = Run(ctx, root, "./calc", edit("\treturn a +\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not build")

	_, err = Run(ctx, root, "./calc", Mutant{Name: "m", Edits: []Edit{{File: "go.mod", Old: "go 1.26\n", New: "go 1.25\n"}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "go.mod is not Go source")

	src, err := os.ReadFile(filepath.Join(root, "calc", "calc.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "return a + b", "the original tree is untouched")
}

func TestMeasure(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := tinyModule(t)
	ctx := context.Background()
	fast := Plan{FailFast: true}

	// Caught for sure by TestPlain, which the description names, so it
	// runs first, and alone.
	minus := edit("\treturn a - b\n")
	minus.Description = "Subtracts.\n\nCaught by TestPlain."
	meas, err := Measure(ctx, root, "./calc", minus, fast)
	require.NoError(t, err)
	assert.Equal(t, 1, meas.Runs)
	assert.Zero(t, meas.Escape)
	assert.Equal(t, []TestResult{{Name: "TestPlain", Failed: true, Grading: 1}}, meas.Tests)

	// TestRare catches it on every seed, but 4 seeds cannot tell that
	// apart from a bug that 4 grading seeds miss 8% of the time. At that
	// rate more seeds would settle it, so TestRare runs again at once, on
	// seeds 5 to 21 (-seed-list): they fail, and 4 grading seeds miss
	// that less than 1% of the time. Seed 5 does not count: the kit ran
	// it twice, and a failure there may be the mutant's nondeterminism
	// alone. So 20 of 20 seeds failed.
	plus := edit("\treturn a + b + 1\n")
	for _, plan := range []Plan{fast, {FailFast: true, Graded: func(test string) bool { return test == "TestRare" }}} {
		meas, err = Measure(ctx, root, "./calc", plus, plan)
		require.NoError(t, err)
		assert.Equal(t, 2, meas.Runs, "TestRare, then TestRare with more seeds")
		assert.Equal(t, []TestResult{{Name: "TestRare", Failed: true, Seeds: 20, FailedSeeds: 20, FirstFailed: true, Grading: 4}}, meas.Tests)
		assert.Less(t, meas.Escape, MaxEscape)
		assert.Equal(t, 1, strings.Count(meas.Output, "--- FAIL: TestRare/seed=4 "), "seed 4 ran once")
	}

	// Named in the description, TestRare runs first, and at once with as
	// many seeds as it takes to settle the bound if all of them fail: 11,
	// of which the first is the one the kit replays.
	named := plus
	named.Description = "Adds one.\n\nCaught by TestRare."
	meas, err = Measure(ctx, root, "./calc", named, fast)
	require.NoError(t, err)
	assert.Equal(t, 1, meas.Runs, "TestRare, once")
	assert.Equal(t, []TestResult{{Name: "TestRare", Failed: true, Seeds: 11, FailedSeeds: 11, FirstFailed: true, Grading: 4}}, meas.Tests,
		"graded on its default count, which the binary lists")
	assert.Less(t, meas.Escape, MaxEscape)
	assert.Equal(t, 11, firstSeeds(nil, "TestRare", 4))
	assert.Greater(t, Escape([]TestResult{{Name: "TestRare", Failed: true, Seeds: 10, FailedSeeds: 10, FirstFailed: true, Grading: 4}}), MaxEscape,
		"10 seeds are not enough")

	// Without failfast every test runs, and TestPlain settles it.
	meas, err = Measure(ctx, root, "./calc", plus, Plan{})
	require.NoError(t, err)
	assert.Equal(t, 1, meas.Runs)
	assert.Zero(t, meas.Escape)

	// Only seed 3 catches it: too rare, however many seeds run.
	rare := edit("\tif a == 3 {\n\t\treturn 0\n\t}\n\treturn a + b\n")
	for _, c := range []struct {
		plan Plan
		runs int
	}{{fast, 3}, {Plan{}, 2}} {
		meas, err = Measure(ctx, root, "./calc", rare, c.plan)
		require.NoError(t, err)
		assert.Equal(t, []TestResult{
			{Name: "TestRare", Failed: true, Seeds: 21, FailedSeeds: 1, Grading: 4},
			{Name: "TestPlain", Grading: 1},
		}, meas.Tests, "failfast %v", c.plan.FailFast)
		assert.Greater(t, meas.Escape, MaxEscape)
		assert.True(t, meas.Caught())
		assert.Equal(t, c.runs, meas.Runs, "failfast %v: each test, or all at once; then TestRare with more seeds", c.plan.FailFast)
	}
	assert.Equal(t, "TestRare (1/21 seeds, graded on 4)", CatchList(meas.Tests))
}

func TestOrder(t *testing.T) {
	names := []string{"TestA", "TestB", "TestC", "ExampleD"}
	assert.Equal(t, []string{"TestC", "ExampleD", "TestA", "TestB"},
		order(names, "Breaks C.\n\nCaught by TestC (3/4 seeds) and ExampleD; TestCx and TestC again."))
	assert.Equal(t, names, order(names, "No names."))
}

func TestRunEnv(t *testing.T) {
	assert.Equal(t, []string{"A=1", runGOGC}, runEnv([]string{"A=1"}), "runs collect less often")
	assert.Equal(t, []string{"GOGC=off", "A=1"}, runEnv([]string{"GOGC=off", "A=1"}), "a GOGC of the caller's stays")
	assert.Equal(t, []string{"GOGCX=1", runGOGC}, runEnv([]string{"GOGCX=1"}), "another variable is not GOGC")
}
