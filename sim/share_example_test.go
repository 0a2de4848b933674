package sim_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/distlab/distlab/sim"
)

// member is a node that knows its peers.
type member struct{ peers []sim.NodeID }

func (m *member) Start(sim.Env)                    {}
func (m *member) Receive(sim.Env, sim.NodeID, any) {}

// Two nodes built from one slice of peers share it: the run fails before
// any message moves, naming both nodes and the path to the slice.
func ExampleSharedMemoryError() {
	peers := []sim.NodeID{0, 1}
	w, _ := sim.New(sim.Options{Seed: 1})
	for _, name := range []string{"a", "b"} {
		w.MustAddNode(name, func() sim.Node { return &member{peers: peers} }) // the bug: pass slices.Clone(peers)
	}
	err := w.Run(time.Second)
	var serr *sim.SharedMemoryError
	if errors.As(err, &serr) {
		fmt.Println(serr.Nodes)
		fmt.Println(serr.Paths[0])
		fmt.Println(serr.Paths[1])
		fmt.Println(serr.Types[0])
	}
	// Output:
	// [a b]
	// a.(*sim_test.member).peers
	// b.(*sim_test.member).peers
	// []sim.NodeID
}
