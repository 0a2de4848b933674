package mutant

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLowerBound(t *testing.T) {
	// Published one-sided 95% Clopper-Pearson bounds (the lower ends of
	// the two-sided 90% intervals).
	assert.InDelta(t, 0.2224, lowerBound(5, 10, 0.05), 1e-4)
	assert.InDelta(t, 1-math.Pow(0.95, 0.1), lowerBound(1, 10, 0.05), 1e-9, "k=1: 1-(1-alpha)^(1/n)")
	assert.InDelta(t, math.Pow(0.05, 0.01), lowerBound(100, 100, 0.05), 1e-12, "k=n: alpha^(1/n)")
	assert.Zero(t, lowerBound(0, 100, 0.05))
	for _, c := range []struct{ k, n int }{{3, 100}, {50, 100}, {999, 1000}, {2, 3}} {
		p := lowerBound(c.k, c.n, 0.05)
		assert.InDelta(t, 0.05, atLeast(c.k, c.n, p), 1e-9, "at the bound, k or more happen with chance alpha: %v", c)
		assert.Less(t, p, float64(c.k)/float64(c.n), "below the point estimate: %v", c)
	}
}

func TestEscape(t *testing.T) {
	// sweep is a test that failed k of n seeds, the first among them if
	// first, graded on grading seeds.
	sweep := func(name string, k, n int, first bool, grading int) TestResult {
		return TestResult{Name: name, Failed: k > 0, Seeds: n, FailedSeeds: k, FirstFailed: first, Grading: grading}
	}
	pow := func(x float64, n int) float64 { return math.Pow(x, float64(n)) }
	assert.Equal(t, 1.0, Escape(nil), "nothing ran")
	assert.Equal(t, 1.0, Escape([]TestResult{sweep("TestA", 0, 100, false, 100)}), "nothing failed")
	assert.Equal(t, 1.0, Escape([]TestResult{sweep("TestA", 100, 100, true, 0)}), "only a test that is not graded failed")
	assert.Equal(t, 0.0, Escape([]TestResult{sweep("TestA", 1, 100, false, 100), {Name: "TestB", Failed: true, Grading: 1}}),
		"a graded test with no seeds fails under every salt")

	// 3 of 3: two samples, the other seeds (2 of 2) and the first seeds
	// (1 of 1), so each bound is at 97.5%.
	p := lowerBound(2, 2, 0.025)
	all3 := Escape([]TestResult{sweep("TestA", 3, 3, true, 3)})
	assert.InDelta(t, pow(1-p, 2)*min(1-p, 1-lowerBound(1, 1, 0.025)), all3, 1e-12)
	assert.Greater(t, all3, MaxEscape, "3 seeds of 3 are too few to tell")

	p = lowerBound(3, 99, 0.05)
	assert.InDelta(t, pow(1-p, 100), Escape([]TestResult{sweep("TestA", 3, 100, false, 100)}), 1e-12, "the first seed passed")
	assert.Less(t, Escape([]TestResult{sweep("TestA", 100, 100, true, 100)}), 1e-100)
	p = lowerBound(30, 299, 0.05)
	assert.InDelta(t, pow(1-p, 100), Escape([]TestResult{sweep("TestA", 30, 300, false, 100)}), 1e-12,
		"estimated from 300 seeds, graded on 100")

	// Only the first seed of every test fails (a nondeterministic
	// mutant, which the kit's replay catches): the first seeds of 11
	// tests are a sample of 11 of 11.
	var firsts []TestResult
	for range 11 {
		firsts = append(firsts, sweep("TestA", 1, 50, true, 50))
	}
	assert.InDelta(t, pow(1-lowerBound(11, 11, 0.05), 11), Escape(firsts), 1e-12)
	assert.Less(t, Escape(firsts), MaxEscape)
	assert.Greater(t, Escape(firsts[:5]), MaxEscape, "5 of 5 are too few")

	// Three samples: TestA's other seeds, TestC's, and the first seeds
	// of the three sweeps, one of which failed.
	alpha := 0.05 / 3
	pA, pC, q := lowerBound(4, 9, alpha), lowerBound(1, 9, alpha), lowerBound(1, 3, alpha)
	got := Escape([]TestResult{sweep("TestA", 5, 10, true, 10), sweep("TestB", 0, 10, false, 10), sweep("TestC", 1, 10, false, 20)})
	assert.InDelta(t, pow(1-pA, 9)*pow(1-pC, 19)*min((1-pA)*(1-pC), pow(1-q, 3)), got, 1e-12)
}

func TestSeedsToBound(t *testing.T) {
	for _, grading := range []int{1, 2, 3, 10, 100} {
		n := seedsToBound(grading, 0.05)
		at := func(n int) float64 { return math.Pow(1-lowerBound(n, n, 0.05), float64(grading)) }
		assert.LessOrEqual(t, at(n), MaxEscape, "grading %d: %d seeds are enough", grading, n)
		if n > 1 {
			assert.Greater(t, at(n-1), MaxEscape, "grading %d: %d seeds are not", grading, n-1)
		}
	}
	assert.Equal(t, 299, seedsToBound(1, 0.05))
}

func TestFormatChance(t *testing.T) {
	for p, want := range map[float64]string{0: "0%", 1e-9: "<0.01%", 0.00012: "0.012%", 0.0055: "0.55%", 0.366: "37%", 0.1: "10%", 1: "100%"} {
		assert.Equal(t, want, FormatChance(p), "%v", p)
	}
}
