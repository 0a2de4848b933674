package rpc_test

import (
	"time"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// Token is a request that carries a unique value; its reply echoes it, so a
// test can tell which call a reply belongs to.
type Token struct {
	Caller sim.NodeID
	N      int
}

// TokenReply echoes a Token, with the server that answered.
type TokenReply struct {
	Token  Token
	Server sim.NodeID
}

// Echo is the method of the tests' server: it answers a Token with a
// TokenReply that echoes it.
const Echo = rpc.Method[Token, TokenReply]("test.Echo")

// server answers Tokens after delay (at once if zero), and counts how many
// requests its handler saw.
type server struct {
	delay time.Duration
	seen  int
}

func (s *server) Start(env sim.Env) {
	Echo.Handle(env, func(from sim.NodeID, t Token, reply func(TokenReply)) {
		s.seen++
		r := TokenReply{Token: t, Server: env.ID()}
		if s.delay == 0 {
			reply(r)
			return
		}
		env.After(s.delay, func() { reply(r) })
	})
}

// result is what a call's callback got.
type result struct {
	token Token
	reply TokenReply
	err   error
	at    time.Duration
}

// caller makes calls from test code: the test schedules them with
// World.At and reads what came back.
type caller struct {
	env     sim.Env
	results []result
}

func (c *caller) Start(env sim.Env) { c.env = env }

// call calls to with token n.
func (c *caller) call(to sim.NodeID, n int, timeout time.Duration) {
	t := Token{Caller: c.env.ID(), N: n}
	Echo.Call(c.env, to, t, timeout, func(r TokenReply, err error) {
		c.results = append(c.results, result{token: t, reply: r, err: err, at: c.env.Now()})
	})
}

// nodeOf returns the running instance of node id as a T.
func nodeOf[T sim.Node](w *sim.World, id sim.NodeID) T {
	n, _ := w.Node(id).(T)
	return n
}

// starter is a node that runs start when it boots.
type starter func(env sim.Env)

func (s starter) Start(env sim.Env) { s(env) }
