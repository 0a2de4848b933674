package shard_test

import (
	"fmt"

	"github.com/distlab/distlab/grader/internal/shard"
)

// Seven tests split into three shards: each test lands in exactly one.
func ExampleShard_Has() {
	for k := 1; k <= 3; k++ {
		s := shard.Shard{K: k, N: 3}
		var tests []int
		for i := range 7 {
			if s.Has(i) {
				tests = append(tests, i)
			}
		}
		fmt.Println(s, tests)
	}
	// Output:
	// 1/3 [0 3 6]
	// 2/3 [1 4]
	// 3/3 [2 5]
}
