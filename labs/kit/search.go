package kit

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/distlab/distlab/sim"
)

// The flags of search tests: a search failure's replay line sets one.
//
//	go test ./labs/election -run '^TestSearchOneLeaderPerTerm$/^seed=1$' -seed 1 -events -choices 0.2.1.0
var (
	choicesFlag     = flag.String("choices", "", "replay this schedule of a search test (the choices its failure printed, e.g. 0.2.1.0) instead of searching")
	choicesFileFlag = flag.String("choices-file", "", "replay the schedule of a search test written in `FILE` (as -choices takes it)")
	allOrdersFlag   = flag.Bool("all-orders", false, "breadth-first search tests take every order of events that commute (no sleep sets: slower, and sees orders that only an order-minded observer tells apart)")
)

// SearchTest is a search test: an exploration (sim.Explore) of the worlds
// Setup builds, every order of their messages and timers and the faults
// of the budgets, with the invariants of Setup's observers and of
// Config.Invariant checked in every state.
type SearchTest struct {
	// Config bounds the search. Its Options.Seed and Seed (of the random
	// walks) are the run's seed; its HandlerTimeout is the flag's, if set.
	Config sim.ExploreConfig
	// Setup adds the nodes and observers to each world, the same way
	// every time.
	Setup func(w *sim.World) error
	// Sometimes, if set, must hold in some state the search visits, or the
	// test fails: a search of nodes that do nothing would find no
	// violation, and this says it did look at states that matter (e.g. a
	// leader was elected). What names it in the failure.
	Sometimes func(w *sim.World) bool
	What      string
}

// Search runs a search test as a sweep of one seed (more with the seed
// flags; the grader's seeds run as for any test): it fails with the
// shortest schedule to a violation it finds, step by step, and the replay
// line that runs that schedule again with its events (-choices). With
// -choices or -choices-file, it replays that schedule instead, and fails
// with the violation it leads to.
func Search(t *testing.T, st SearchTest) {
	t.Helper()
	Sweep(t, 1, func(r *Run) { r.Search(st) })
}

// Search runs a search test in this seed; see the function Search.
func (r *Run) Search(st SearchTest) {
	r.t.Helper()
	cfg := st.Config
	cfg.Options.Seed, cfg.Seed = r.Seed, r.Seed
	if r.s.hang != 0 {
		cfg.Options.HandlerTimeout = r.s.hang
	}
	choices, replaying, err := choicesToReplay()
	if err != nil {
		r.Fatalf("%v", err)
	}
	if replaying {
		if r.s.seed < 0 {
			r.Fatalf("kit: -choices replays one schedule of one seed: add -seed N (the failure's replay line has both)")
		}
		if r.s.trace {
			cfg.Options.Trace = os.Stdout
			fmt.Printf("=== trace of %s: seed %d, choices %s\n", r.t.Name(), r.Seed, choices)
		}
		r.choices = choices.String()
		_, err := sim.Replay(cfg, st.Setup, choices)
		var v *sim.Violation
		switch {
		case errors.As(err, &v):
			r.Fatalf("%s", searchFailure(v, nil))
		case err != nil:
			r.Fatalf("%v", err)
		}
		r.Logf("choices=%s: no violation", choices)
		return
	}
	cfg.Sometimes = st.Sometimes
	cfg.AllOrders = cfg.AllOrders || *allOrdersFlag
	res, err := sim.Explore(cfg, st.Setup)
	if err != nil {
		r.Fatalf("%v", err)
	}
	r.Logf("search: %s", res)
	if v := res.Violation; v != nil {
		r.choices = v.Choices.String()
		r.Fatalf("%s", searchFailure(v, res))
	}
	if st.Sometimes != nil && !res.Sometimes {
		r.Fatalf("SEARCH found no state where %s (%s): do the nodes do anything?", st.What, res)
	}
}

// choicesToReplay returns the schedule of -choices or -choices-file.
func choicesToReplay() (sim.Choices, bool, error) {
	text := *choicesFlag
	switch {
	case text != "" && *choicesFileFlag != "":
		return nil, false, errors.New("kit: -choices and -choices-file: give one")
	case *choicesFileFlag != "":
		data, err := os.ReadFile(*choicesFileFlag)
		if err != nil {
			return nil, false, fmt.Errorf("kit: -choices-file: %w", err)
		}
		text = strings.TrimSpace(string(data))
	case !flagSet("choices"):
		return nil, false, nil
	}
	c, err := sim.ParseChoices(text)
	if err != nil {
		return nil, false, fmt.Errorf("kit: -choices: %w", err)
	}
	return c, true, nil
}

// searchFailure describes a violation a search found (res) or a replay
// led to (res nil): what broke, and the schedule, a step a line.
func searchFailure(v *sim.Violation, res *sim.ExploreResult) string {
	var b strings.Builder
	var (
		ierr *sim.InvariantError
		perr *sim.PanicError
		lerr *sim.LimitError
	)
	if errors.As(v.Err, &ierr) || errors.As(v.Err, &perr) || errors.As(v.Err, &lerr) {
		b.WriteString(Explain(v.Err))
	} else {
		b.WriteString("INVARIANT broken\n" + v.Err.Error())
	}
	if res != nil {
		fmt.Fprintf(&b, "\nfound by the search (%s)", res)
	}
	fmt.Fprintf(&b, "\nschedule of %d steps, choices=%s:", len(v.Choices), v.Choices)
	for i, s := range v.Steps {
		fmt.Fprintf(&b, "\n  %3d. %s", i+1, s)
	}
	return b.String()
}

// searchArg is the -choices of a search failure, for its replay line.
func (r *Run) searchArg() string {
	if r.choices == "" {
		return ""
	}
	return " -choices " + r.choices
}
