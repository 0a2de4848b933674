package kit

import (
	"flag"
	"fmt"
	"strings"

	"github.com/distlab/distlab/sim"
)

// The flags of shrinking (see shrink.go):
//
//	go test ./labs/election -run '^TestSwarm$/^seed=17$' -seed 17 -shrink
//	go test ./labs/election -run '^TestSwarm$/^seed=17$' -seed 17 -events -schedule lose=3,crash=0,delay=2
var (
	shrinkFlag   = flag.Bool("shrink", false, "shrink each failing seed to a run with fewer faults and shorter delays that fails the same way, and print its -schedule")
	shrinkTries  = flag.Int("shrink-tries", sim.DefaultShrinkTries, "with -shrink, run at most `N` candidate schedules per seed")
	scheduleFlag = flag.String("schedule", "", "run each seed's worlds with these faults instead of the random ones (a schedule -shrink printed; worlds separated by /)")
	probeFlag    = flag.String("shrink.probe", "", "write the seed's outcome and faults to `FILE` (the shrinker's channel to the runs it starts)")
)

// scheduleSep separates the plans of a run's worlds in a -schedule.
const scheduleSep = "/"

// parseSchedule parses a -schedule: one fault plan per world the seed
// makes, in order. A world past the last plan runs its random faults.
func parseSchedule(s string) ([]sim.FaultPlan, error) {
	if s == "" {
		return nil, nil
	}
	var plans []sim.FaultPlan
	for _, part := range strings.Split(s, scheduleSep) {
		p, err := sim.ParseFaultPlan(part)
		if err != nil {
			return nil, fmt.Errorf("kit: -schedule: %w", err)
		}
		plans = append(plans, p)
	}
	return plans, nil
}

// formatSchedule prints plans as -schedule reads them.
func formatSchedule(plans []sim.FaultPlan) string {
	parts := make([]string, len(plans))
	for i, p := range plans {
		parts[i] = p.String()
	}
	return strings.Join(parts, scheduleSep)
}
