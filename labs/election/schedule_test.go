package election_test

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
	what string // as the schedule prints it: "crash n2", "split {n0, n1} | {n2}"
	do   func(w *sim.World) error
}

// schedule is a fault schedule, in order of time.
type schedule []fault

// String prints the schedule, one fault a line.
func (s schedule) String() string {
	var b strings.Builder
	for _, f := range s {
		fmt.Fprintf(&b, "\n      %10s  %s", sim.FormatTime(f.at), f.what)
	}
	return b.String()
}

// install schedules every fault on w; a fault that fails ends the run.
func (s schedule) install(w *sim.World) {
	for _, f := range s {
		w.At(f.at, func() {
			if err := f.do(w); err != nil {
				panic(fmt.Sprintf("schedule: %s: %v", f.what, err))
			}
		})
	}
}

// drawSchedule draws faults for the nodes ids from time 0 to until, one
// every 50ms to 1.5s: crashes and restarts, pauses of up to a second
// (ending by until),
// partitions (a minority against a majority, an even split, three
// groups, one node isolated), one-way cuts, and heals.
func drawSchedule(rng *rand.Rand, ids []sim.NodeID, until time.Duration) schedule {
	var out schedule
	down := map[sim.NodeID]bool{}
	pausedUntil := map[sim.NodeID]time.Duration{}
	name := func(id sim.NodeID) string { return id.String() }
	for t := randomGap(rng); t < until; t += randomGap(rng) {
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
			out = append(out, fault{t, "crash " + name(id), func(w *sim.World) error { return w.Crash(id) }})
		case k < 4 && len(crashed) > 0:
			id := crashed[rng.IntN(len(crashed))]
			down[id] = false
			out = append(out, fault{t, "restart " + name(id), func(w *sim.World) error { return w.Restart(id) }})
		case k < 5 && len(up) > 0:
			id := up[rng.IntN(len(up))]
			d := min(time.Duration(1+rng.IntN(1000))*time.Millisecond, until-t)
			pausedUntil[id] = t + d
			out = append(out,
				fault{t, fmt.Sprintf("pause %s for %v", name(id), d), func(w *sim.World) error { return w.Pause(id) }},
				fault{t + d, "resume " + name(id), func(w *sim.World) error { return w.Resume(id) }})
		case k < 8 && n >= 2:
			groups := drawGroups(rng, ids)
			out = append(out, fault{t, "split " + groupNames(groups), func(w *sim.World) error { return w.Partition(groups...) }})
		case k < 9 && n >= 2:
			from := ids[rng.IntN(n)]
			to := ids[rng.IntN(n-1)]
			if to >= from {
				to++
			}
			out = append(out, fault{t, fmt.Sprintf("cut %s -> %s", name(from), name(to)), func(w *sim.World) error { return w.Cut(from, to) }})
		case k < 10 && n >= 2:
			id := ids[rng.IntN(n)]
			out = append(out, fault{t, "isolate " + name(id), func(w *sim.World) error { return w.Isolate(id) }})
		default:
			out = append(out, fault{t, "heal", func(w *sim.World) error { w.Heal(); return nil }})
		}
	}
	slices.SortStableFunc(out, func(a, b fault) int { return int(a.at - b.at) })
	return out
}

// randomGap returns the time to the next fault: 50ms to 1.5s.
func randomGap(rng *rand.Rand) time.Duration {
	return 50*time.Millisecond + time.Duration(rng.Int64N(int64(1450*time.Millisecond)))
}

// drawGroups splits ids into groups: a minority against a majority, an
// even split (for an even number of nodes), or three groups.
func drawGroups(rng *rand.Rand, ids []sim.NodeID) [][]sim.NodeID {
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
		cuts = []int{1 + rng.IntN((n-1)/2+1)}
		if cuts[0] >= n {
			cuts[0] = n - 1
		}
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

// groupNames prints groups as "{n0, n3} | {n1, n2}".
func groupNames(groups [][]sim.NodeID) string {
	parts := make([]string, len(groups))
	for i, g := range groups {
		names := make([]string, len(g))
		for j, id := range g {
			names[j] = id.String()
		}
		parts[i] = "{" + strings.Join(names, ", ") + "}"
	}
	return strings.Join(parts, " | ")
}
