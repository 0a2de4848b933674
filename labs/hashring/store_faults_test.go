package hashring_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// drawStoreFaults draws faults for the store's nodes from time 0 to until,
// one every 50ms to 1.5s: crashes and restarts of servers (the others
// keep their state in memory only), pauses of up to a second (ending by
// until), partitions (a minority against a majority, an even split,
// three groups), one-way cuts, and heals.
func drawStoreFaults(rng *rand.Rand, s *storeRun, nodes []sim.NodeID, until time.Duration) kit.Schedule {
	var out kit.Schedule
	down := map[sim.NodeID]bool{}
	for _, id := range s.servers {
		down[id] = !s.w.Up(id)
	}
	pausedUntil := map[sim.NodeID]time.Duration{}
	name := s.w.Name
	for t := kit.FaultGap(rng); t < until; t += kit.FaultGap(rng) {
		var up, crashed, running []sim.NodeID
		for _, id := range s.servers {
			switch {
			case down[id]:
				crashed = append(crashed, id)
			case pausedUntil[id] <= t:
				up = append(up, id)
			}
		}
		for _, id := range nodes {
			if !down[id] && pausedUntil[id] <= t {
				running = append(running, id)
			}
		}
		n := len(nodes)
		switch k := rng.IntN(12); {
		case k < 2 && len(up) > 0:
			id := up[rng.IntN(len(up))]
			down[id] = true
			out = append(out, kit.Fault{At: t, What: "crash " + name(id), Do: func(w *sim.World) error { return w.Crash(id) }})
		case k < 4 && len(crashed) > 0:
			id := crashed[rng.IntN(len(crashed))]
			down[id] = false
			out = append(out, kit.Fault{At: t, What: "restart " + name(id), Do: func(w *sim.World) error { return w.Restart(id) }})
		case k < 5 && len(running) > 0:
			id := running[rng.IntN(len(running))]
			d := min(time.Duration(1+rng.IntN(1000))*time.Millisecond, until-t)
			pausedUntil[id] = t + d
			out = append(out,
				kit.Fault{At: t, What: fmt.Sprintf("pause %s for %v", name(id), d), Do: func(w *sim.World) error { return w.Pause(id) }},
				kit.Fault{At: t + d, What: "resume " + name(id), Do: func(w *sim.World) error { return w.Resume(id) }})
		case k < 8:
			groups := kit.SplitGroups(rng, nodes)
			out = append(out, kit.Fault{At: t, What: "split " + kit.GroupNames(groups, s.w.Name), Do: func(w *sim.World) error { return w.Partition(groups...) }})
		case k < 10:
			from := nodes[rng.IntN(n)]
			to := nodes[rng.IntN(n-1)]
			if to >= from {
				to++
			}
			out = append(out, kit.Fault{At: t, What: fmt.Sprintf("cut %s -> %s", name(from), name(to)), Do: func(w *sim.World) error { return w.Cut(from, to) }})
		default:
			out = append(out, kit.Fault{At: t, What: "heal", Do: func(w *sim.World) error { w.Heal(); return nil }})
		}
	}
	out.Sort()
	return out
}
