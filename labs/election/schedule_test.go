package election_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// drawSchedule draws faults for the nodes ids from time 0 to until, one
// every 50ms to 1.5s: crashes and restarts, pauses of up to a second
// (ending by until),
// partitions (a minority against a majority, an even split, three
// groups, one node isolated), one-way cuts, and heals.
func drawSchedule(rng *rand.Rand, ids []sim.NodeID, until time.Duration) kit.Schedule {
	var out kit.Schedule
	down := map[sim.NodeID]bool{}
	pausedUntil := map[sim.NodeID]time.Duration{}
	name := func(id sim.NodeID) string { return id.String() }
	for t := kit.FaultGap(rng); t < until; t += kit.FaultGap(rng) {
		var up, crashed []sim.NodeID
		for _, id := range ids {
			switch {
			case down[id]:
				crashed = append(crashed, id)
			case pausedUntil[id] <= t:
				up = append(up, id)
			}
		}
		n := len(ids)
		switch k := rng.IntN(12); {
		case k < 2 && len(up) > 0:
			id := up[rng.IntN(len(up))]
			down[id] = true
			out = append(out, kit.Fault{At: t, What: "crash " + name(id), Do: func(w *sim.World) error { return w.Crash(id) }})
		case k < 4 && len(crashed) > 0:
			id := crashed[rng.IntN(len(crashed))]
			down[id] = false
			out = append(out, kit.Fault{At: t, What: "restart " + name(id), Do: func(w *sim.World) error { return w.Restart(id) }})
		case k < 5 && len(up) > 0:
			id := up[rng.IntN(len(up))]
			d := min(time.Duration(1+rng.IntN(1000))*time.Millisecond, until-t)
			pausedUntil[id] = t + d
			out = append(out,
				kit.Fault{At: t, What: fmt.Sprintf("pause %s for %v", name(id), d), Do: func(w *sim.World) error { return w.Pause(id) }},
				kit.Fault{At: t + d, What: "resume " + name(id), Do: func(w *sim.World) error { return w.Resume(id) }})
		case k < 8 && n >= 2:
			groups := kit.SplitGroups(rng, ids)
			out = append(out, kit.Fault{At: t, What: "split " + kit.GroupNames(groups, sim.NodeID.String), Do: func(w *sim.World) error { return w.Partition(groups...) }})
		case k < 9 && n >= 2:
			from := ids[rng.IntN(n)]
			to := ids[rng.IntN(n-1)]
			if to >= from {
				to++
			}
			out = append(out, kit.Fault{At: t, What: fmt.Sprintf("cut %s -> %s", name(from), name(to)), Do: func(w *sim.World) error { return w.Cut(from, to) }})
		case k < 10 && n >= 2:
			id := ids[rng.IntN(n)]
			out = append(out, kit.Fault{At: t, What: "isolate " + name(id), Do: func(w *sim.World) error { return w.Isolate(id) }})
		default:
			out = append(out, kit.Fault{At: t, What: "heal", Do: func(w *sim.World) error { w.Heal(); return nil }})
		}
	}
	out.Sort()
	return out
}
