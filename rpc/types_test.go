package rpc_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

func TestMethodTypes(t *testing.T) {
	w, err := sim.New(sim.Options{Seed: 1})
	require.NoError(t, err)
	var serverEnv sim.Env
	s := w.MustAddNode("server", func() sim.Node {
		return starter(func(env sim.Env) {
			serverEnv = env
			Echo.Handle(env, func(_ sim.NodeID, tok Token, reply func(TokenReply)) { reply(TokenReply{Token: tok}) })
		})
	})
	c := w.MustAddNode("caller", func() sim.Node { return &caller{} })

	type types struct {
		req, rep reflect.Type
		ok       bool
	}
	lookup := func(env sim.Env, name string) (got types) {
		got.req, got.rep, got.ok = rpc.MethodTypes(env, name)
		return got
	}
	var before, afterCall, server, unknown types
	w.At(time.Millisecond, func() {
		cl := nodeOf[*caller](w, c)
		before = lookup(cl.env, Echo.Name())
		cl.call(s, 1, time.Second)
		afterCall = lookup(cl.env, Echo.Name())
		server = lookup(serverEnv, Echo.Name())
		unknown = lookup(serverEnv, "test.Nothing")
	})
	require.NoError(t, w.Run(time.Second))

	want := types{reflect.TypeFor[Token](), reflect.TypeFor[TokenReply](), true}
	assert.Equal(t, types{}, before, "the caller has not called Echo yet")
	assert.Equal(t, want, afterCall, "a caller knows the method it called")
	assert.Equal(t, want, server, "a server knows the method it handles")
	assert.Equal(t, types{}, unknown)
}
