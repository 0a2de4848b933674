package election_test

import (
	"fmt"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/sim"
)

// Three nodes on a healthy network elect a leader, and the other two
// follow it. This is how the tests build a cluster and read what its
// nodes believe.
func Example() {
	w, err := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 4 * time.Millisecond}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ids := []sim.NodeID{0, 1, 2}
	factory := election.New(ids, election.DefaultConfig())
	for _, id := range ids {
		w.MustAddNode(id.String(), factory)
	}
	if err := w.Run(2 * time.Second); err != nil {
		fmt.Println(err)
		return
	}

	var leaders []sim.NodeID
	var statuses []election.Status
	for _, id := range ids {
		st := w.Node(id).(*election.Node).Status()
		statuses = append(statuses, st)
		if st.Role == election.Leader {
			leaders = append(leaders, id)
		}
	}
	fmt.Println("leaders:", len(leaders))
	if len(leaders) == 1 {
		follow := 0
		for _, st := range statuses {
			if st.Role == election.Follower && st.Leader == leaders[0] {
				follow++
			}
		}
		fmt.Println("followers of the leader:", follow)
	}
	// Output:
	// leaders: 1
	// followers of the leader: 2
}
