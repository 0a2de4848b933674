package paxos_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// swarmPlan is what a swarm seed drew: the faults of the run, in order,
// with the times they happen. Its String is logged, and printed in the
// failure text, so that a failing seed says what it did.
type swarmPlan struct {
	nodes []string // the nodes under faults, by name
	steps []string // one line per fault
}

func (p *swarmPlan) String() string {
	return fmt.Sprintf("swarm: %d nodes %s; %d faults:\n        %s",
		len(p.nodes), strings.Join(p.nodes, " "), len(p.steps), strings.Join(p.steps, "\n        "))
}

// drawFaults draws and schedules a swarm's faults on ids until virtual
// time end: every 20-250ms one of a crash (restarted 10-400ms later, or
// only at the end), a pause of 5-200ms, a split into a majority and a
// minority, an even split (or as near as the group's size allows), a
// split into three groups, one-way cuts between random pairs, a node cut
// off alone, or a heal. A crash or pause of a node that is down or paused
// at the time does nothing.
func drawFaults(w *sim.World, rng *rand.Rand, ids []sim.NodeID, end time.Duration) *swarmPlan {
	p := &swarmPlan{}
	for _, id := range ids {
		p.nodes = append(p.nodes, w.Name(id))
	}
	names := func(g []sim.NodeID) string { return nameList(w, g) }
	shuffled := func() []sim.NodeID {
		s := slices.Clone(ids)
		rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
		return s
	}
	n := len(ids)
	for t := between(rng, 20*time.Millisecond, 250*time.Millisecond); t < end; t += between(rng, 20*time.Millisecond, 250*time.Millisecond) {
		var step string
		var do func()
		switch k := rng.IntN(16); {
		case k < 4:
			id := ids[rng.IntN(n)]
			down := between(rng, 10*time.Millisecond, 400*time.Millisecond)
			if rng.IntN(4) == 0 {
				down = end
			}
			step = fmt.Sprintf("crash %s for %s", w.Name(id), down)
			do = func() {
				if !w.Up(id) {
					return
				}
				w.Crash(id)
				if t+down < end {
					w.After(down, func() {
						if !w.Up(id) {
							w.Restart(id)
						}
					})
				}
			}
		case k < 6:
			id := ids[rng.IntN(n)]
			d := between(rng, 5*time.Millisecond, 200*time.Millisecond)
			step = fmt.Sprintf("pause %s for %s", w.Name(id), d)
			do = func() {
				if !w.Up(id) || w.Paused(id) {
					return
				}
				w.Pause(id)
				w.After(d, func() {
					if w.Up(id) && w.Paused(id) {
						w.Resume(id)
					}
				})
			}
		case k < 8:
			s := shuffled()
			cut := n/2 + 1
			step = fmt.Sprintf("split %s | %s", names(s[:cut]), names(s[cut:]))
			do = func() { w.Partition(s[:cut], s[cut:]) }
		case k < 10:
			s := shuffled()
			step = fmt.Sprintf("even split %s | %s", names(s[:n/2]), names(s[n/2:]))
			do = func() { w.Partition(s[:n/2], s[n/2:]) }
		case k < 11:
			s := shuffled()
			a, b := n/3, 2*n/3
			step = fmt.Sprintf("split %s | %s | %s", names(s[:a]), names(s[a:b]), names(s[b:]))
			do = func() { w.Partition(s[:a], s[a:b], s[b:]) }
		case k < 13:
			var pairs [][2]sim.NodeID
			var desc []string
			for range 1 + rng.IntN(3) {
				from, to := ids[rng.IntN(n)], ids[rng.IntN(n)]
				if from != to {
					pairs = append(pairs, [2]sim.NodeID{from, to})
					desc = append(desc, w.Name(from)+"->"+w.Name(to))
				}
			}
			step = "one-way cut " + strings.Join(desc, " ")
			do = func() {
				for _, pr := range pairs {
					w.Cut(pr[0], pr[1])
				}
			}
		case k < 14:
			id := ids[rng.IntN(n)]
			step = "isolate " + w.Name(id)
			do = func() { w.Isolate(id) }
		default:
			step = "heal"
			do = w.Heal
		}
		p.steps = append(p.steps, at(t)+" "+step)
		w.At(t, do)
	}
	return p
}

// settle ends a swarm's faults: it heals the network, resumes every
// paused node of ids and restarts every one that is down.
func settle(w *sim.World, ids []sim.NodeID) {
	w.Heal()
	for _, id := range ids {
		if w.Paused(id) {
			w.Resume(id)
		}
	}
	restartAll(w, ids)
}

// logPlan logs what the seed drew; a failure of the seed prints it too.
func logPlan(r *kit.Run, w *sim.World, p *swarmPlan, workload string) {
	r.Logf("%s\n    network: %v\n    workload: %s", p, w.Net(), workload)
}
