package mutant

import "math"

// The escape estimate (see the package documentation).
const (
	// MaxEscape is the largest escape chance TestMutantsAreCaught
	// accepts: a mutant that fresh grading seeds would miss more often
	// than this is too weakly caught.
	MaxEscape = 0.01
	// Confidence is the confidence of the escape bound: the chance that
	// the mutant's true escape chance is at most the bound.
	Confidence = 0.95
)

// Escape returns an upper bound, at confidence Confidence, on the chance
// that a graded run with fresh seeds (a new salt) misses the mutant: that
// every graded test passes every one of its grading seeds.
//
// A graded test that failed and is not a seed sweep fails the same way
// under every salt, so then the bound is 0. For the sweeps, the model is
// this. Seeds are drawn independently, and each seed of graded test t
// catches the mutant with some chance p_t, except the test's first seed,
// which the kit runs twice and compares (a nondeterministic mutant may
// fail there and nowhere else): it catches with a chance s_t >= p_t. A
// graded run of G_t seeds of each test then misses with chance
//
//	miss = Π_t (1-p_t)^(G_t-1) · Π_t (1-s_t)
//
// The bound estimates p_t from the test's other seeds (k_t of its n_t-1
// seeds after the first failed) by the one-sided Clopper-Pearson lower
// bound, and bounds Π_t (1-s_t) two ways, keeping the smaller: by
// Π_t (1-p_t), since s_t >= p_t; and, taking the first seeds of the T
// graded sweeps that ran as one sample (F of them failed), by
// (1-q)^T, with q the lower bound from F of T. All the lower bounds are at
// confidence 1 - (1-Confidence)/c for the c of them that are above 0
// (Bonferroni), so that they hold together with confidence Confidence.
//
// Tests that caught nothing, did not run, or are not graded contribute a
// factor of at most 1, so leaving them out keeps the bound an upper one.
// With no graded test failing, the bound is 1.
func Escape(tests []TestResult) float64 {
	type sample struct{ k, n, grading int }
	var others []sample
	first, sweeps := 0, 0
	for _, t := range tests {
		if t.Grading <= 0 {
			continue
		}
		if t.Failed && (t.Seeds == 0 || t.FailedSeeds == 0) {
			return 0 // not a sweep, or failed outside its seeds: no salt changes that
		}
		if t.Seeds == 0 {
			continue
		}
		sweeps++
		k := t.FailedSeeds
		if t.FirstFailed {
			first++
			k--
		}
		if k > 0 {
			others = append(others, sample{k: k, n: t.Seeds - 1, grading: t.Grading})
		}
	}
	c := len(others)
	if first > 0 {
		c++
	}
	if c == 0 {
		return 1
	}
	alpha := (1 - Confidence) / float64(c)
	rest, firsts := 1.0, 1.0
	for _, o := range others {
		p := lowerBound(o.k, o.n, alpha)
		rest *= math.Pow(1-p, float64(o.grading-1))
		firsts *= 1 - p
	}
	if first > 0 {
		q := lowerBound(first, sweeps, alpha)
		firsts = min(firsts, math.Pow(1-q, float64(sweeps)))
	}
	return rest * firsts
}

// lowerBound returns the one-sided Clopper-Pearson lower confidence bound
// on a chance p, at confidence 1-alpha, from k successes in n trials: the
// p at which k or more successes have probability alpha.
func lowerBound(k, n int, alpha float64) float64 {
	switch {
	case k <= 0:
		return 0
	case k >= n:
		return math.Pow(alpha, 1/float64(n))
	}
	lo, hi := 0.0, 1.0
	for range 100 {
		mid := (lo + hi) / 2
		if atLeast(k, n, mid) < alpha {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// atLeast returns the chance of k or more successes in n trials of chance
// p, 0 < p < 1.
func atLeast(k, n int, p float64) float64 {
	lgn, _ := math.Lgamma(float64(n + 1))
	lp, lq := math.Log(p), math.Log1p(-p)
	sum := 0.0
	for i := k; i <= n; i++ {
		lgi, _ := math.Lgamma(float64(i + 1))
		lgr, _ := math.Lgamma(float64(n - i + 1))
		sum += math.Exp(lgn - lgi - lgr + float64(i)*lp + float64(n-i)*lq)
	}
	return min(sum, 1)
}

// seedsToBound returns how many seeds, all failing, a test graded at
// grading seeds needs for its own bound to reach MaxEscape at level alpha:
// the smallest n with (1 - alpha^(1/n))^grading <= MaxEscape.
func seedsToBound(grading int, alpha float64) int {
	r := math.Pow(MaxEscape, 1/float64(max(grading, 1))) // the largest 1-p that is enough
	return int(math.Ceil(math.Log(alpha) / math.Log1p(-r)))
}
