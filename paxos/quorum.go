package paxos

// majority returns the number of nodes that make a majority of n: any two
// majorities of the same n nodes share at least one node.
func majority(n int) int {
	// BEGIN SOLUTION
	// TODO: the smallest number of nodes that is more than half of n.
	// STUB: return n
	return n/2 + 1
	// END SOLUTION
}
