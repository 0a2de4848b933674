// Fault plans: the faults of a random run, written down so that a failing
// run can be made smaller (shrunk) and the smaller run replayed.
//
// Every world counts its faults as they happen, each by its ordinal: the
// n-th message the network carried (lost, duplicated), the n-th Crash,
// Pause and network change (Partition, Cut, Isolate) that node or test
// code asked for. World.Faults returns the ones that happened. A plan set
// with World.SetFaultPlan before the run decides them instead: a message
// is lost or duplicated exactly when its ordinal is in the plan, and a
// Crash, Pause or network change whose ordinal is not in the plan does
// nothing (nor does the Restart of a crash it skipped, or the Resume of a
// pause). Every random number is still drawn as without the plan, so the
// plan of a run, set on a world of the same seed, runs it again event for
// event, and a plan with some faults left out runs the same seed with
// fewer faults.

package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultPlan is the faults of one world's run, by ordinal (see above), and
// how much shorter its messages' delays are.
type FaultPlan struct {
	Lose      []int // messages lost, by the order the network carried them (0 is the first)
	Duplicate []int // messages duplicated
	Crash     []int // World.Crash calls that crash, by the order they were made
	Pause     []int // World.Pause calls that pause
	Net       []int // World.Partition, Cut and Isolate calls that change the network
	// DelayShift divides every message's delay by 2^DelayShift.
	DelayShift int
}

// Len is the number of faults of the plan.
func (p FaultPlan) Len() int {
	return len(p.Lose) + len(p.Duplicate) + len(p.Crash) + len(p.Pause) + len(p.Net)
}

// String prints the plan as ParseFaultPlan reads it, e.g.
// "lose=3.18,crash=0,delay=2", or "none" for a plan of no faults and full
// delays. It has no spaces, so it pastes into a command line as it is.
func (p FaultPlan) String() string {
	var parts []string
	add := func(name string, ords []int) {
		if len(ords) > 0 {
			parts = append(parts, name+"="+Choices(ords).String())
		}
	}
	add("lose", p.Lose)
	add("dup", p.Duplicate)
	add("crash", p.Crash)
	add("pause", p.Pause)
	add("net", p.Net)
	if p.DelayShift > 0 {
		parts = append(parts, "delay="+strconv.Itoa(p.DelayShift))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

// ParseFaultPlan parses a plan printed by FaultPlan.String.
func ParseFaultPlan(s string) (FaultPlan, error) {
	var p FaultPlan
	if s == "none" {
		return p, nil
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		name, val, ok := strings.Cut(part, "=")
		if !ok || seen[name] {
			return p, fmt.Errorf("sim: bad fault plan %q: want fields like lose=3.18,crash=0,delay=2, each once", s)
		}
		seen[name] = true
		if name == "delay" {
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n > 62 {
				return p, fmt.Errorf("sim: bad fault plan %q: delay=%s is not a shift from 0 to 62", s, val)
			}
			p.DelayShift = n
			continue
		}
		ords, err := ParseChoices(val)
		if err != nil || len(ords) == 0 || !slices.IsSorted(ords) {
			return p, fmt.Errorf("sim: bad fault plan %q: %s=%s is not a rising list of ordinals (e.g. 3.18)", s, name, val)
		}
		switch name {
		case "lose":
			p.Lose = ords
		case "dup":
			p.Duplicate = ords
		case "crash":
			p.Crash = ords
		case "pause":
			p.Pause = ords
		case "net":
			p.Net = ords
		default:
			return p, fmt.Errorf("sim: bad fault plan %q: unknown field %q (want lose, dup, crash, pause, net, delay)", s, name)
		}
	}
	return p, nil
}

// faultLog is a world's count of its faults, the faults that happened, and
// the plan that decides them, if any.
type faultLog struct {
	sent, crashes, pauses, nets int // ordinals of the next message, Crash, Pause, network change
	got                         FaultPlan
	plan                        *FaultPlan
	skipped                     []NodeID // nodes whose Crash the plan skipped: their Restart does nothing
	unpaused                    []NodeID // nodes whose Pause the plan skipped: their Resume does nothing
}

// SetFaultPlan makes p decide the faults of the run (see FaultPlan). Set
// it before the world runs.
func (w *World) SetFaultPlan(p FaultPlan) {
	w.faults.plan = &p
}

// Faults returns the faults that happened so far, by ordinal, with the
// plan's DelayShift.
func (w *World) Faults() FaultPlan {
	g := w.faults.got
	p := FaultPlan{Lose: slices.Clone(g.Lose), Duplicate: slices.Clone(g.Duplicate), Crash: slices.Clone(g.Crash),
		Pause: slices.Clone(g.Pause), Net: slices.Clone(g.Net)}
	if w.faults.plan != nil {
		p.DelayShift = w.faults.plan.DelayShift
	}
	return p
}

// decide returns whether the fault of ordinal n happens: drawn says whether
// the run's random draw (or code) asked for it, and the plan, if any,
// overrides it. A fault that happens is recorded in got.
func (f *faultLog) decide(drawn bool, n int, planned []int, got *[]int) bool {
	if f.plan != nil {
		_, drawn = slices.BinarySearch(planned, n)
	}
	if drawn {
		*got = append(*got, n)
	}
	return drawn
}

// message numbers the message the network carries next and returns its
// ordinal.
func (f *faultLog) message() int {
	f.sent++
	return f.sent - 1
}

func (f *faultLog) lose(drawn bool, n int) bool {
	return f.decide(drawn, n, f.planned().Lose, &f.got.Lose)
}

func (f *faultLog) duplicate(drawn bool, n int) bool {
	return f.decide(drawn, n, f.planned().Duplicate, &f.got.Duplicate)
}

// planned returns the plan, or an empty one.
func (f *faultLog) planned() *FaultPlan {
	if f.plan == nil {
		return &FaultPlan{}
	}
	return f.plan
}

// delay shortens a drawn delay as the plan says.
func (f *faultLog) delay(d time.Duration) time.Duration {
	if f.plan == nil {
		return d
	}
	return d >> f.plan.DelayShift
}

// crash reports whether the Crash of node id about to happen goes ahead.
func (f *faultLog) crash(id NodeID) bool {
	f.crashes++
	if f.decide(true, f.crashes-1, f.planned().Crash, &f.got.Crash) {
		return true
	}
	f.skipped = append(f.skipped, id)
	return false
}

// restartSkipped reports whether the Restart of node id is of a crash the plan
// skipped (and so does nothing).
func (f *faultLog) restartSkipped(id NodeID) bool {
	return takeID(&f.skipped, id)
}

// pause reports whether the Pause of node id about to happen goes ahead.
func (f *faultLog) pause(id NodeID) bool {
	f.pauses++
	if f.decide(true, f.pauses-1, f.planned().Pause, &f.got.Pause) {
		return true
	}
	f.unpaused = append(f.unpaused, id)
	return false
}

// resumeSkipped reports whether the Resume of node id is of a pause the
// plan skipped.
func (f *faultLog) resumeSkipped(id NodeID) bool {
	return takeID(&f.unpaused, id)
}

// network reports whether a network change about to happen goes ahead.
func (f *faultLog) network() bool {
	f.nets++
	return f.decide(true, f.nets-1, f.planned().Net, &f.got.Net)
}

// takeID removes id from ids, reporting whether it was there.
func takeID(ids *[]NodeID, id NodeID) bool {
	i := slices.Index(*ids, id)
	if i < 0 {
		return false
	}
	*ids = slices.Delete(*ids, i, i+1)
	return true
}
