package rpc_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// EchoArgs and EchoReply are the request and reply of an echo service.
type EchoArgs struct{ Text string }
type EchoReply struct{ Text string }

// Ping is the echo service's one method. Both ends use this declaration,
// so a handler or a callback of the wrong type does not compile.
const Ping = rpc.Method[EchoArgs, EchoReply]("echo.Ping")

// echoServer answers every EchoArgs with the same text.
type echoServer struct{}

func (echoServer) Start(env sim.Env) {
	Ping.Handle(env, func(from sim.NodeID, args EchoArgs, reply func(EchoReply)) {
		reply(EchoReply{Text: args.Text})
	})
}

// pinger calls the echo server once when it starts.
type pinger struct{ server sim.NodeID }

func (p pinger) Start(env sim.Env) {
	Ping.Call(env, p.server, EchoArgs{Text: "ping"}, 100*time.Millisecond,
		func(r EchoReply, err error) {
			if err != nil {
				fmt.Println("error:", err)
				return
			}
			fmt.Printf("at %v %s got %q back\n", env.Now(), env.Name(), r.Text)
		})
}

// A client calls an echo server and gets the reply in a callback. With a
// fixed 5ms latency the round trip takes 10ms of virtual time.
func Example_echo() {
	w, _ := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: 5 * time.Millisecond}})
	server := w.MustAddNode("server", func() sim.Node { return echoServer{} })
	w.MustAddNode("client", func() sim.Node { return pinger{server: server} })
	if err := w.Run(time.Second); err != nil {
		fmt.Println(err)
	}
	// Output:
	// at 10ms client got "ping" back
}

// retrier sends one request and retries it until a reply comes back.
type retrier struct {
	env      sim.Env
	server   sim.NodeID
	attempts int
}

func (r *retrier) Start(env sim.Env) {
	r.env = env
	r.try()
}

func (r *retrier) try() {
	r.attempts++
	Ping.Call(r.env, r.server, EchoArgs{Text: "hello"}, 50*time.Millisecond,
		func(reply EchoReply, err error) {
			if errors.Is(err, rpc.ErrTimeout) {
				r.try() // lost on the way there or back: ask again
				return
			}
			fmt.Printf("%q after %d attempts\n", reply.Text, r.attempts)
		})
}

// Over a network that loses 30% of all messages, a client that retries
// each timed-out call gets through in the end. The seed decides how many
// attempts it takes, the same number on every run.
func Example_retry() {
	w, _ := sim.New(sim.Options{Seed: 7, Net: sim.NetConfig{Latency: 5 * time.Millisecond, Loss: 0.3}})
	server := w.MustAddNode("server", func() sim.Node { return echoServer{} })
	w.MustAddNode("client", func() sim.Node { return &retrier{server: server} })
	if err := w.Run(10 * time.Second); err != nil {
		fmt.Println(err)
	}
	// Output:
	// "hello" after 4 attempts
}
