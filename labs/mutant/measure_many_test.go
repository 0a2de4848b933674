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

// manyTest is a sweep of 30 seeds by default, added to tinyModule: a named
// test graded on more seeds than a first run needs.
const manyTest = `package calc

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

func TestMany(t *testing.T) {
	if *listing {
		f, err := os.OpenFile(*results, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fmt.Fprintln(f, "{\"type\":\"sweep\",\"test\":\"TestMany\",\"default_seeds\":30}")
		return
	}
	n := 30
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "seeds" {
			n = *seeds
		}
	})
	for _, seed := range seedsToRun(n) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			if Add(seed, 1) != seed+1 {
				t.Fatalf("%d+1", seed)
			}
		})
	}
}
`

// TestMeasureFewerSeeds: a named test graded on many seeds runs first on
// fewer, and again on all of them only when those do not settle it.
func TestMeasureFewerSeeds(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := tinyModule(t)
	require.NoError(t, os.WriteFile(filepath.Join(root, "calc", "many_test.go"), []byte(manyTest), 0o644))
	ctx := context.Background()
	graded := func(test string) bool { return test == "TestMany" }
	plan := Plan{FailFast: true, Graded: graded}

	// Every even seed fails: 5 of the 9 seeds after the first are plenty
	// for 30 grading seeds.
	half := edit("\tif a%2 == 0 && b == 1 {\n\t\treturn 0\n\t}\n\treturn a + b\n")
	half.Description = "Breaks even numbers.\n\nCaught by TestMany."
	meas, err := Measure(ctx, root, "./calc", half, plan)
	require.NoError(t, err)
	assert.Equal(t, 1, meas.Runs)
	assert.Equal(t, []TestResult{{Name: "TestMany", Failed: true, Seeds: 10, FailedSeeds: 5, Grading: 30}}, meas.Tests)
	assert.Less(t, meas.Escape, MaxEscape)

	// Only seed 7 fails: 10 seeds cannot settle that, so TestMany runs
	// again up to its 30 (and still cannot), on seeds 11 to 30 alone
	// (-seed-list): seed 7 runs once.
	seven := edit("\tif a == 7 && b == 1 {\n\t\treturn 0\n\t}\n\treturn a + b\n")
	seven.Description = "Breaks 7.\n\nCaught by TestMany."
	meas, err = Measure(ctx, root, "./calc", seven, plan)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, meas.Runs, 2)
	require.Len(t, meas.Tests, 1)
	assert.GreaterOrEqual(t, meas.Tests[0].Seeds, 30, "the default seeds ran")
	assert.Equal(t, 1, meas.Tests[0].FailedSeeds)
	assert.Equal(t, 1, strings.Count(meas.Output, "--- FAIL: TestMany/seed=7 "), "seed 7 ran once:\n%q", meas.Output)
	assert.Equal(t, 1, strings.Count(meas.Output, "--- PASS: TestMany/seed=30 "), "seed 30 ran once")
	assert.Equal(t, 30, meas.Tests[0].Grading)
	assert.Greater(t, meas.Escape, MaxEscape)

	assert.Equal(t, 10, firstSeeds(nil, "TestMany", 30), "all 10 failing would be more than enough")
	assert.Equal(t, 17, firstSeeds(nil, "TestFew", 3), "more than the default, if that is too few to tell")
	assert.Equal(t, 11, firstSeeds(nil, "TestRare", 4))
}
