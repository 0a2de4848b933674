// Package rpc is a stub of distlab's rpc, for the checker's tests.
package rpc

import "github.com/distlab/distlab/sim"

func Call(env sim.Env, to sim.NodeID, req any, reply func(any, error)) {}
