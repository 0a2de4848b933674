package hashring_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/sim"
)

// fault is one step of a drawn fault schedule.
type fault struct {
	at   time.Duration
	what string // as the schedule prints it: "crash s2", "split {s1, c1} | {s2}"
	do   func(w *sim.World) error
}

// faultSchedule is a fault schedule, in order of time.
type faultSchedule []fault

// String prints the schedule, one fault a line.
func (fs faultSchedule) String() string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n      %10s  %s", sim.FormatTime(f.at), f.what)
	}
	return b.String()
}

// install schedules every fault on w; a fault that fails ends the run.
func (fs faultSchedule) install(w *sim.World) {
	for _, f := range fs {
		w.At(f.at, func() {
			if err := f.do(w); err != nil {
				panic(fmt.Sprintf("schedule: %s: %v", f.what, err))
			}
		})
	}
}

// drawStoreFaults draws faults for the store's nodes from time 0 to until,
// one every 50ms to 1.5s: crashes and restarts of servers (the others
// keep their state in memory only), pauses of up to a second (ending by
// until), partitions (a minority against a majority, an even split,
// three groups), one-way cuts, and heals.
func drawStoreFaults(rng *rand.Rand, s *storeRun, nodes []sim.NodeID, until time.Duration) faultSchedule {
	var out faultSchedule
	down := map[sim.NodeID]bool{}
	for _, id := range s.servers {
		down[id] = !s.w.Up(id)
	}
	pausedUntil := map[sim.NodeID]time.Duration{}
	name := s.w.Name
	for t := gap(rng); t < until; t += gap(rng) {
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
			out = append(out, fault{t, "crash " + name(id), func(w *sim.World) error { return w.Crash(id) }})
		case k < 4 && len(crashed) > 0:
			id := crashed[rng.IntN(len(crashed))]
			down[id] = false
			out = append(out, fault{t, "restart " + name(id), func(w *sim.World) error { return w.Restart(id) }})
		case k < 5 && len(running) > 0:
			id := running[rng.IntN(len(running))]
			d := min(time.Duration(1+rng.IntN(1000))*time.Millisecond, until-t)
			pausedUntil[id] = t + d
			out = append(out,
				fault{t, fmt.Sprintf("pause %s for %v", name(id), d), func(w *sim.World) error { return w.Pause(id) }},
				fault{t + d, "resume " + name(id), func(w *sim.World) error { return w.Resume(id) }})
		case k < 8:
			groups := splitGroups(rng, nodes)
			out = append(out, fault{t, "split " + groupNames(s.w, groups), func(w *sim.World) error { return w.Partition(groups...) }})
		case k < 10:
			from := nodes[rng.IntN(n)]
			to := nodes[rng.IntN(n-1)]
			if to >= from {
				to++
			}
			out = append(out, fault{t, fmt.Sprintf("cut %s -> %s", name(from), name(to)), func(w *sim.World) error { return w.Cut(from, to) }})
		default:
			out = append(out, fault{t, "heal", func(w *sim.World) error { w.Heal(); return nil }})
		}
	}
	slices.SortStableFunc(out, func(a, b fault) int { return int(a.at - b.at) })
	return out
}

// gap returns the time to the next fault: 50ms to 1.5s.
func gap(rng *rand.Rand) time.Duration {
	return 50*time.Millisecond + time.Duration(rng.Int64N(int64(1450*time.Millisecond)))
}

// splitGroups splits ids into groups: a minority against a majority, an
// even split (for an even number of nodes), or three groups.
func splitGroups(rng *rand.Rand, ids []sim.NodeID) [][]sim.NodeID {
	order := slices.Clone(ids)
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	n := len(order)
	var cuts []int
	switch k := rng.IntN(3); {
	case k == 0 && n%2 == 0:
		cuts = []int{n / 2}
	case k == 1 && n >= 3:
		a := 1 + rng.IntN(n-2)
		b := a + 1 + rng.IntN(n-a-1)
		cuts = []int{a, b}
	default:
		cuts = []int{min(1+rng.IntN((n-1)/2+1), n-1)}
	}
	var groups [][]sim.NodeID
	start := 0
	for _, c := range append(cuts, n) {
		g := slices.Clone(order[start:c])
		slices.Sort(g)
		groups = append(groups, g)
		start = c
	}
	return groups
}

// groupNames prints groups as "{s1, c2} | {s2, ctl}".
func groupNames(w *sim.World, groups [][]sim.NodeID) string {
	parts := make([]string, len(groups))
	for i, g := range groups {
		names := make([]string, len(g))
		for j, id := range g {
			names[j] = w.Name(id)
		}
		parts[i] = "{" + strings.Join(names, ", ") + "}"
	}
	return strings.Join(parts, " | ")
}
