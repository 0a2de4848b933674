package kit

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/distlab/distlab/sim"
)

// Flags of every lab test binary. Pass them after the package:
//
//	go test ./labs/election -run TestReElection -seeds 100
//	go test ./labs/election -run 'TestReElection/seed=17$' -seed 17 -events
//
// (The event log is -events, not -trace: go test has a -trace flag of its
// own, which takes a file name.)
var (
	seedFlag     = flag.Int64("seed", -1, "run only this seed (any int64; `N` >= 0)")
	seedsFlag    = flag.Int("seeds", 0, "run this many seeds per test instead of each test's default (`K` >= 1)")
	seedListFlag = flag.String("seed-list", "", "run exactly these seeds (comma-separated; the grader's)")
	resultsTo    = flag.String("results", "", "append each seed's outcome to `FILE` as JSON lines (the grader's channel; see package results)")
	listSweeps   = flag.Bool("list-sweeps", false, "with -results: record each test's default number of seeds and run none (the grader's)")
	traceFlag    = flag.Bool("events", false, "print every event of each run: the simulator's trace (use with -seed)")
	traceNodes   = flag.String("nodes", "", "with -events, only events at or to these nodes (comma-separated names)")
	traceKinds   = flag.String("kinds", "", "with -events, only these kinds of events (comma-separated: send,deliver,drop,...)")
	porcDir      = flag.String("porcupine-dir", "", "where linearizability failures write porcupine's HTML page (default: a new directory for each run, under the user's cache directory)")
	hangFlag     = flag.Duration("handler-timeout", 0, "wall-clock time a node's handler may take before it counts as stuck (default: the simulator's)")
)

// settings are the parsed flags.
type settings struct {
	seed    int64   // -1: not set
	seeds   int     // 0: the test's default
	list    []int64 // -seed-list; nil: not set
	results string  // -results FILE; "": no channel
	listing bool    // -list-sweeps
	trace   bool
	kinds   []sim.Kind // -kinds; none: every kind
	nodes   []string   // -nodes; none: every node
	porcDir string
	hang    time.Duration // -handler-timeout; 0: the simulator's default
}

// parseFlags checks the flags; a bad value is an error for the whole test
// binary.
func parseFlags() (settings, error) {
	s := settings{
		seed:    *seedFlag,
		seeds:   *seedsFlag,
		results: *resultsTo,
		listing: *listSweeps,
		trace:   *traceFlag,
		porcDir: *porcDir,
	}
	switch {
	case s.seed < 0 && flagSet("seed"):
		return s, fmt.Errorf("kit: -seed %d is negative; seeds are 0 or more", s.seed)
	case s.trace && s.seed < 0:
		return s, fmt.Errorf("kit: -events prints the events of one run: add -seed N (a failure's replay line has both)")
	case (*traceNodes != "" || *traceKinds != "") && !s.trace:
		return s, fmt.Errorf("kit: -nodes and -kinds filter -events; add -events")
	case s.seeds < 0 || (flagSet("seeds") && s.seeds == 0):
		return s, fmt.Errorf("kit: -seeds %d: want at least 1", s.seeds)
	case *seedListFlag != "" && (flagSet("seed") || flagSet("seeds")):
		return s, fmt.Errorf("kit: -seed-list with -seed or -seeds: -seed-list already names the seeds to run")
	case s.listing && s.results == "":
		return s, fmt.Errorf("kit: -list-sweeps records on the channel: add -results FILE")
	case *hangFlag < 0:
		return s, fmt.Errorf("kit: -handler-timeout %v is negative", *hangFlag)
	}
	if err := checkViewFlags(s); err != nil {
		return s, err
	}
	s.hang = *hangFlag
	for _, k := range splitList(*traceKinds) {
		kind, err := sim.ParseKind(k)
		if err != nil {
			return s, fmt.Errorf("kit: -kinds: %w", err)
		}
		s.kinds = append(s.kinds, kind)
	}
	s.nodes = splitList(*traceNodes)
	if flagSet("seed-list") {
		for _, part := range splitList(*seedListFlag) {
			n, err := strconv.ParseInt(part, 10, 64)
			if err != nil || n < 0 {
				return s, fmt.Errorf("kit: -seed-list: %q is not a seed (want integers 0 or more, comma-separated)", part)
			}
			if slices.Contains(s.list, n) {
				return s, fmt.Errorf("kit: -seed-list: seed %d twice", n)
			}
			s.list = append(s.list, n)
		}
		if len(s.list) == 0 {
			return s, fmt.Errorf("kit: -seed-list is empty")
		}
	}
	return s, nil
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
