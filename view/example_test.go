package view_test

import (
	"fmt"
	"os"
	"time"

	"github.com/distlab/distlab/sim"
	"github.com/distlab/distlab/view"
)

type ping struct{ N int }

type pinger struct {
	peer sim.NodeID
	got  int
}

func (p *pinger) Start(env sim.Env) {
	if env.ID() == 0 {
		env.Send(p.peer, ping{N: 1})
	}
}

func (p *pinger) Receive(env sim.Env, from sim.NodeID, msg any) {
	p.got++
	if m := msg.(ping); m.N < 2 {
		env.Send(from, ping{N: m.N + 1})
	}
}

// Record a run, then write it as a ShiViz log (WriteJSON and WriteHTML
// take the same trace).
func Example() {
	w, _ := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond}})
	c := view.Record(w)
	w.MustAddNode("a", func() sim.Node { return &pinger{peer: 1} })
	w.MustAddNode("b", func() sim.Node { return &pinger{peer: 0} })
	if err := w.Run(time.Second); err != nil {
		fmt.Println(err)
	}
	t := &view.Trace{Version: view.Version, Seed: 1, Worlds: []view.World{c.Finish()}}
	for _, ev := range t.Worlds[0].Events {
		if ev.Kind == "deliver" {
			fmt.Printf("#%d is the copy of send #%d\n", ev.Index, ev.From)
		}
	}
	view.WriteShiViz(os.Stdout, t)
	// Output:
	// #4 is the copy of send #2
	// #6 is the copy of send #5
	// (?<event>.*)\n(?<host>\S*) (?<clock>{.*})
	//
	//    0.000000s #1      a        start
	// a {"a":1}
	//    0.000000s #2      a        send      -> b view_test.ping{N:1}
	// a {"a":2}
	//    0.000000s #3      b        start
	// b {"b":1}
	//    0.001000s #4      b        deliver   <- a view_test.ping{N:1}
	// b {"b":2,"a":2}
	//    0.001000s #5      b        send      -> a view_test.ping{N:2}
	// b {"b":3,"a":2}
	//    0.002000s #6      a        deliver   <- b view_test.ping{N:2}
	// a {"a":3,"b":3}
}
