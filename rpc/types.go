package rpc

import (
	"reflect"

	"github.com/distlab/distlab/sim"
)

// MethodTypes returns the request and reply types of the method named
// name, as the node of env uses it in its current incarnation: it has
// registered a handler of it with Method.Handle, or called it with
// Method.Call. ok is false if the node has done neither.
//
// It is for runtimes that carry rpc's envelopes off the simulator, as
// package live does over TCP: a body that arrives as bytes is decoded
// into the type the receiving node declared for the method (the request
// type for a Request it serves, the reply type for a Response to its
// call), so the method's declaration is all the runtime needs to know.
// Node code has no use for it.
func MethodTypes(env sim.Env, name string) (req, rep reflect.Type, ok bool) {
	ep, found := sim.HooksOf(env).Value(endpointKey{}).(*endpoint)
	if !found {
		return nil, nil, false
	}
	s, ok := ep.methods[name]
	return s.req, s.rep, ok
}
