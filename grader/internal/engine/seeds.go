package engine

import (
	"github.com/distlab/distlab/grader/internal/testrun"
)

// SeedsFor returns the seeds a test runs under c, whose default is n
// seeds: seed N alone with c.Seed, else K = c.Seeds (or n) seeds, 1..K,
// or derived from the salt. The grader passes the test process these
// seeds, never the salt.
func SeedsFor(c testrun.Config, test string, n int) []int64 {
	if c.Seed >= 0 {
		return []int64{c.Seed}
	}
	if c.Seeds > 0 {
		n = c.Seeds
	}
	seeds := make([]int64, n)
	for i := range seeds {
		if c.Salt == "" {
			seeds[i] = int64(i + 1)
		} else {
			seeds[i] = SaltedSeed(c.Salt, test, i)
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
