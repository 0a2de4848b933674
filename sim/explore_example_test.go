package sim_test

import (
	"fmt"

	"github.com/distlab/distlab/sim"
)

// orderMsg is the n-th message of a stream.
type orderMsg struct{ N int }

// orderSender sends two messages to node 1, in order.
type orderSender struct{}

func (orderSender) Start(env sim.Env) {
	env.Send(1, orderMsg{N: 1})
	env.Send(1, orderMsg{N: 2})
}

// orderReceiver assumes that messages arrive in the order they were sent,
// which no network promises.
type orderReceiver struct{ last int }

func (r *orderReceiver) Start(sim.Env) {}

func (r *orderReceiver) Receive(env sim.Env, from sim.NodeID, msg any) {
	r.last = msg.(orderMsg).N
}

// Explore tries every order of events; the shortest schedule that breaks
// the observer's invariant is reported as a choice sequence that replays.
func ExampleExplore() {
	setup := func(w *sim.World) error {
		w.MustAddNode("s", func() sim.Node { return orderSender{} })
		w.MustAddNode("r", func() sim.Node { return &orderReceiver{} })
		last := 0
		w.Observe(func(ev sim.Event) error {
			if ev.Kind != sim.KindDeliver {
				return nil
			}
			n := ev.Msg.(orderMsg).N
			if n < last {
				return fmt.Errorf("message %d after message %d", n, last)
			}
			last = n
			return nil
		})
		return nil
	}
	cfg := sim.ExploreConfig{Options: sim.Options{HandlerTimeout: -1}, Strategy: sim.BFS}
	res, err := sim.Explore(cfg, setup)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res)
	fmt.Println(res.Violation.Steps)

	_, err = sim.Replay(cfg, setup, res.Violation.Choices)
	fmt.Println(err)
	// Output:
	// bfs: 4 states (4 visits, 3 runs, 16 events), depth 2, violation at choices=1.0
	// [deliver s->r sim_test.orderMsg{N:2} deliver s->r sim_test.orderMsg{N:1}]
	// sim: explore: sim: seed 0: at 0.000000s: message 1 after message 2
	//     after event #6 r deliver <- s sim_test.orderMsg{N:1} (replay with choices=1.0)
}
