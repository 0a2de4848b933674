package results_test

import (
	"fmt"
	"strings"

	"github.com/distlab/distlab/labs/kit/results"
)

// The grader reads the channel file of one test process: one record per
// seed, which it checks against the seeds it asked for.
func ExampleRead() {
	file := `{"type":"seed","test":"TestX","seed":"17","verdict":"pass","fingerprint":"4be1c2a9d0e3f567","events":5234,"virtual_ns":2500000000,"wall_ns":3000000}
{"type":"seed","test":"TestX","seed":"9007199254740993","verdict":"fail","kind":"INVARIANT","first":"seed 9007199254740993 at virtual time 1.000000s: INVARIANT broken"}
`
	recs, err := results.Read(strings.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range recs {
		fmt.Println(r.Test, r.Seed, r.Verdict, r.Kind, r.Virtual)
	}
	// Output:
	// TestX 17 pass  2.5s
	// TestX 9007199254740993 fail INVARIANT 0s
}
