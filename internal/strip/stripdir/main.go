// Command stripdir replaces the solution regions of every Go file under the
// directories it is given, in place. It is for lab authors checking a
// skeleton by hand; the grader's handout command builds whole handouts.
//
//	go run ./internal/strip/stripdir DIR...
package main

import (
	"fmt"
	"os"

	"github.com/distlab/distlab/internal/strip"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/strip/stripdir DIR...")
		os.Exit(2)
	}
	for _, dir := range os.Args[1:] {
		changed, err := strip.Dir(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, f := range changed {
			fmt.Println("stripped", f)
		}
	}
}
