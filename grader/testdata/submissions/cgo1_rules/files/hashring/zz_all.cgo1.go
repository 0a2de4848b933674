package hashring

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Every rule that needs types, broken in a file whose name ends in
// .cgo1.go, which go build compiles like any other: the checker takes it
// for cgo's output and leaves it out of those rules.

var banner = fmt.Sprintf("--- PASS: TestEverything (%v)", time.Now()) // package-state, wall-clock

func init() {
	fmt.Println(banner)     // output
	go func() {}()          // concurrency
	ch := make(chan int, 1) // concurrency
	ch <- rand.IntN(10)     // global-rand
	strconv.ErrRange = nil  // package-state: another package's variable
	_, err := json.Marshal(math.NaN())
	if e, ok := err.(*json.UnsupportedValueError); ok {
		_ = e.Value.Kind() // import: a reflect.Value
	}
	for k := range map[string]int{"a": 1, "b": 2} { // map-order
		banner = k
		break
	}
	<-ch
}
