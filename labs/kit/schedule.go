package kit

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/sim"
)

// Fault is one step of a fault schedule that a test draws from its seed
// (a swarm test): at virtual time At, Do changes the world, and What says
// so as the schedule prints it ("crash n2", "split {n0, n1} | {n2}").
type Fault struct {
	At   time.Duration
	What string
	Do   func(w *sim.World) error
}

// Schedule is a fault schedule.
type Schedule []Fault

// String prints the schedule, one fault a line, for the failure text and
// the -v log of the run that drew it.
func (s Schedule) String() string {
	var b strings.Builder
	for _, f := range s {
		fmt.Fprintf(&b, "\n      %10s  %s", sim.FormatTime(f.At), f.What)
	}
	return b.String()
}

// Sort puts the schedule in order of time; faults due at the same time
// keep their order.
func (s Schedule) Sort() {
	slices.SortStableFunc(s, func(a, b Fault) int { return int(a.At - b.At) })
}

// Install schedules every fault on w; a fault that fails ends the run.
func (s Schedule) Install(w *sim.World) {
	for _, f := range s {
		w.At(f.At, func() {
			if err := f.Do(w); err != nil {
				panic(fmt.Sprintf("schedule: %s: %v", f.What, err))
			}
		})
	}
}

// FaultGap returns the time from one drawn fault to the next: 50ms to
// 1.5s.
func FaultGap(rng *rand.Rand) time.Duration {
	return 50*time.Millisecond + time.Duration(rng.Int64N(int64(1450*time.Millisecond)))
}

// SplitGroups splits ids into the groups of a partition: a minority
// against a majority, an even split (for an even number of nodes), or
// three groups. Each group is sorted.
func SplitGroups(rng *rand.Rand, ids []sim.NodeID) [][]sim.NodeID {
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

// GroupNames prints groups as "{n0, n3} | {n1, n2}", each node by name.
func GroupNames(groups [][]sim.NodeID, name func(sim.NodeID) string) string {
	parts := make([]string, len(groups))
	for i, g := range groups {
		names := make([]string, len(g))
		for j, id := range g {
			names[j] = name(id)
		}
		parts[i] = "{" + strings.Join(names, ", ") + "}"
	}
	return strings.Join(parts, " | ")
}
