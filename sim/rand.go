package sim

import "math/rand/v2"

// Purposes of the random streams a world derives from its seed. Each stream
// is independent of the others, so drawing more numbers from one (a node
// calling Rand more often, say) never changes what another draws (which
// messages the network drops).
const (
	streamNode    = 1 // a node incarnation's Env.Rand
	streamNet     = 2 // the network's decisions on one sender's messages
	streamSwarm   = 3 // swarm mode's network parameters
	streamNamed   = 4 // World.Rand streams, by name
	streamExplore = 5 // the explorer's random walks
)

// mix64 is the splitmix64 finalizer: a bijection on uint64 whose output
// bits each depend on every input bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// derive returns the two PCG seed words of the stream for seed and the
// given parts (purpose, node, incarnation, ...).
func derive(seed int64, parts ...uint64) (uint64, uint64) {
	a := mix64(uint64(seed) ^ 0x9e3779b97f4a7c15)
	for _, p := range parts {
		a = mix64(a ^ mix64(p+0x632be59bd9b4e019))
	}
	return a, mix64(a ^ 0xd1b54a32d192ed03)
}

// newPCG returns a PCG source for the stream of seed and parts.
func newPCG(seed int64, parts ...uint64) *rand.PCG {
	a, b := derive(seed, parts...)
	return rand.NewPCG(a, b)
}

// stringHash is a fixed FNV-1a hash of s, the same in every process.
func stringHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// float64From turns 53 random bits into a float64 in [0, 1).
func float64From(u uint64) float64 {
	return float64(u>>11) / (1 << 53)
}
