package kit

import (
	"fmt"
	"runtime/debug"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit/summary"
)

// Sweep runs scenario once per seed, each as a parallel subtest named
// "seed=N". A test runs defaultSeeds seeds, 1 to defaultSeeds, unless the
// flags say otherwise: -seed N runs seed N alone, -seeds K runs K seeds,
// and -salt S derives the seeds from a secret (grading), so that a solution
// tuned to the public seeds gains nothing.
//
// A seed that fails, panics, hangs or breaks a run limit fails only its
// own subtest, with the reason and the command that replays it; the other
// seeds and tests still run.
func Sweep(t *testing.T, defaultSeeds int, scenario func(r *Run)) {
	t.Helper()
	s, err := parseFlags()
	if err != nil {
		t.Fatal(err)
	}
	if defaultSeeds < 1 {
		t.Fatalf("kit: Sweep with %d default seeds; want at least 1", defaultSeeds)
	}
	for _, seed := range seedList(t.Name(), s, defaultSeeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			if s.seed < 0 {
				t.Parallel()
			}
			r := &Run{t: t, Seed: seed, s: s, start: time.Now()}
			defer r.finish()
			scenario(r)
		})
	}
}

// seedList returns the seeds a test runs.
func seedList(test string, s settings, defaultSeeds int) []int64 {
	if s.seed >= 0 {
		return []int64{s.seed}
	}
	n := defaultSeeds
	if s.seeds > 0 {
		n = s.seeds
	}
	seeds := make([]int64, n)
	for i := range seeds {
		if s.salt == "" {
			seeds[i] = int64(i + 1)
		} else {
			seeds[i] = SaltedSeed(s.salt, test, i)
		}
	}
	return seeds
}

// SaltedSeed returns the i-th grading seed of a test for a salt: a
// non-negative int64 that cannot be guessed without the salt.
func SaltedSeed(salt, test string, i int) int64 {
	h := uint64(14695981039346656037)
	for _, b := range []byte(salt + "\x00" + test) {
		h ^= uint64(b)
		h *= 1099511628211
	}
	h ^= uint64(i) * 0x9e3779b97f4a7c15
	h ^= h >> 31
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 29
	return int64(h >> 1)
}

// finish turns a panic of the scenario into a failure of its seed, and logs
// the seed's one-line summary (shown with -v).
func (r *Run) finish() {
	if p := recover(); p != nil {
		r.t.Errorf("seed %d: the test panicked: %v\n%s%s", r.Seed, p, debug.Stack(), r.replayLine())
	}
	r.summary()
}

// summary logs the seed's one-line summary (see package summary).
func (r *Run) summary() {
	s := summary.Summary{Seed: r.Seed, Wall: time.Since(r.start), Simulated: len(r.worlds) > 0}
	for _, w := range r.worlds {
		s.Events += w.Stats().Events
		s.Virtual += w.Now()
		s.Fingerprint = s.Fingerprint*31 ^ w.Fingerprint()
	}
	r.t.Log(s.String())
}
