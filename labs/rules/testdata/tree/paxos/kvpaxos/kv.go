// Package kvpaxos is a sub-package: it may import its parent, sim and rpc.
package kvpaxos

import (
	"fmt"

	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

func Start(env sim.Env) {
	paxos.Start(env)
	rpc.Call(env, 1, "x", func(any, error) {})
	fmt.Printf("started\n") // want `^output: fmt.Printf`
}

var cache = map[string]string{} // want `^package-state: package-level var cache`
