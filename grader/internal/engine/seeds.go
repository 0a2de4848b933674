package engine

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"strconv"

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
// non-negative int64 that cannot be guessed without the salt, not even
// from other grading seeds. Students see some seeds (the first failing
// seed of each test), so the seeds must not give away the others: the
// seed is HMAC-SHA256, keyed with the salt, of the test's name and i. (An
// unkeyed hash of the salt and the name, finished by an invertible mix,
// gives every seed of every test from any one seed: undo the mix, then
// the hash's last steps, which the name alone decides.)
func SaltedSeed(salt, test string, i int) int64 {
	mac := hmac.New(sha256.New, []byte(salt))
	mac.Write([]byte(test))
	mac.Write([]byte{0})
	mac.Write(strconv.AppendInt(nil, int64(i), 10))
	return int64(binary.BigEndian.Uint64(mac.Sum(nil)) >> 1)
}
