package main

import (
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/distlab/distlab/sim"
)

// replayExtras are replay's flags of shrinking and of search tests: they
// pass the kit's -shrink, -schedule and -choices on to the test binary.
type replayExtras struct {
	shrink   bool
	schedule string
	choices  string
}

func (x *replayExtras) register(fs *pflag.FlagSet) {
	fs.BoolVar(&x.shrink, "shrink", false, "shrink the run: find a run of the seed with fewer faults and shorter delays that fails the same way, and print its --schedule (the trace is left out)")
	fs.StringVar(&x.schedule, "schedule", "", "run the seed with these faults instead of its random ones (a schedule that --shrink printed)")
	fs.StringVar(&x.choices, "choices", "", "replay this schedule of a search test (the choices its failure printed, e.g. 0.2.1)")
}

// args checks the flags and returns goArgs with the kit's flags added: with
// --shrink, without the trace (-events), which would print every event of
// the original run.
func (x *replayExtras) args(goArgs []string) ([]string, error) {
	if x.schedule != "" {
		for _, plan := range strings.Split(x.schedule, "/") { // one plan per world
			if _, err := sim.ParseFaultPlan(plan); err != nil {
				return nil, usageError("--schedule: %v", err)
			}
		}
		goArgs = append(goArgs, "-schedule", x.schedule)
	}
	if x.choices != "" {
		if _, err := sim.ParseChoices(x.choices); err != nil {
			return nil, usageError("--choices: %v", err)
		}
		goArgs = append(goArgs, "-choices", x.choices)
	}
	if x.shrink {
		goArgs = slices.DeleteFunc(slices.Clone(goArgs), func(a string) bool { return a == "-events" })
		goArgs = append(goArgs, "-shrink")
	}
	return goArgs, nil
}
