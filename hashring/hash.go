package hashring

// Hash maps a string to a position on the ring, a number in [0, 2^64).
// It must be a pure function of its argument: the same string gets the same
// position in every process, on every machine, in every run. Tests inject
// their own Hash to place points by hand.
type Hash func(key string) uint64

// Default is the hash a ring uses unless told otherwise: 64-bit FNV-1a of
// the string's bytes, followed by the 64-bit finalizer of MurmurHash3
// (fmix64). FNV-1a alone gives strings that differ only in their last
// bytes ("s1#7", "s1#8") positions that lie on a regular lattice; the
// finalizer spreads every input bit over every output bit, so the points
// of a node scatter evenly around the ring.
func Default(key string) uint64 {
	const (
		offset64 = 14695981039346656037
		prime64  = 1099511628211
	)
	h := uint64(offset64)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= prime64
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
