package kit

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/distlab/distlab/labs/kit/results"
)

// A plain go test run of a sweep (no -v, no -seed) prints one block per
// failing test instead of every failing seed in full: how many seeds
// failed, the shortest failing seed (fewest events) in full with the
// command that replays it, and the other failing seeds on one line. The
// seeds the block covers do not fail their own subtests, so go test does
// not print a "--- FAIL" line for each; with -v (and under go test -json,
// as the grader and the mutant runner run), every failing seed fails its
// subtest and prints its failure, as before. The results channel is the
// same in both.

// maxBlockLogs bounds the lines of logs (Run.Logf) the block shows of its
// seed: replaying the seed shows them all.
const maxBlockLogs = 10

// maxBlockFailures bounds the failures of one seed the block shows.
const maxBlockFailures = 3

// compactReport collects the failing seeds of one sweep, in parallel.
type compactReport struct {
	mu    sync.Mutex
	ran   int // seeds the sweep ran
	seeds map[int64]*seedReport
}

// seedReport is what the block needs of one failing seed.
type seedReport struct {
	seed      int64
	kind      results.Kind // of its first failure
	lines     []entry      // its logs and failures, in order
	failures  int
	events    uint64
	simulated bool
	replay    string // the replay line(s) that end its failure (Run.replayLine)
	outside   bool   // it failed through testing.T: go test printed it
}

// entry is one log line or failure of a seed.
type entry struct {
	text    string
	failure bool
}

func newCompactReport(ran int) *compactReport {
	return &compactReport{ran: ran, seeds: map[int64]*seedReport{}}
}

func (c *compactReport) seed(seed int64) *seedReport {
	s, ok := c.seeds[seed]
	if !ok {
		s = &seedReport{seed: seed}
		c.seeds[seed] = s
	}
	return s
}

// log keeps a log line of a seed, shown if the seed fails.
func (c *compactReport) log(seed int64, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seed(seed)
	s.lines = append(s.lines, entry{text: text})
}

// fail records a failure of a seed: its text, without the replay line.
func (c *compactReport) fail(seed int64, kind results.Kind, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seed(seed)
	if s.failures == 0 {
		s.kind = kind
	}
	s.failures++
	s.lines = append(s.lines, entry{text: text, failure: true})
}

// end records how a seed ended: its events, whether it simulated, the
// lines that end its failure with the command that replays it
// (Run.replayLine: "\n    replay: go test ..."), and whether it failed through its testing.T (a check
// that bypassed the kit, which go test prints on its own).
func (c *compactReport) end(seed int64, events uint64, simulated bool, replay string, failedOutside bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.seeds[seed]
	if !ok && !failedOutside {
		return
	}
	if !ok {
		s = c.seed(seed)
	}
	s.events, s.simulated, s.replay = events, simulated, replay
	s.outside = s.outside || failedOutside
	if s.failures == 0 && !s.outside {
		delete(c.seeds, seed) // logs only: the seed passed
	}
}

// String returns the block, or "" if no seed failed:
//
//	91 of 100 seeds failed; the shortest, seed 4 (21 events):
//	seed 4 at virtual time 0.169705s: INVARIANT broken: n1 voted twice in term 1: ...
//	    after event #21 n1 send -> n0 rpc.Response{...}
//	    network: latency=1ms jitter=4ms(uniform) loss=0 dup=0
//	    replay: go test ./labs/election -run '^TestVoterRemembersVote$/^seed=4$' -seed 4 -events
//	other failing seeds: 1-3 5 7-12 (replay one with its number in the command)
func (c *compactReport) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.seeds) == 0 {
		return ""
	}
	failing := make([]*seedReport, 0, len(c.seeds))
	for _, s := range c.seeds {
		failing = append(failing, s)
	}
	// The shortest failure first: seeds whose failure the kit has (not
	// printed above by go test) and that ran (not "not run"), then the
	// fewest events, then the lowest seed.
	slices.SortFunc(failing, func(a, b *seedReport) int {
		return cmp.Or(
			cmp.Compare(rank(a), rank(b)),
			cmp.Compare(a.events, b.events),
			cmp.Compare(a.seed, b.seed))
	})
	first := failing[0]
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %s failed; ", len(failing), plural(c.ran, "seed"))
	switch {
	case len(failing) > 1 && first.simulated:
		fmt.Fprintf(&b, "the shortest, seed %d (%s):", first.seed, plural(int(first.events), "event"))
	case first.simulated:
		fmt.Fprintf(&b, "seed %d (%s):", first.seed, plural(int(first.events), "event"))
	case len(failing) > 1:
		fmt.Fprintf(&b, "the first, seed %d:", first.seed)
	default:
		fmt.Fprintf(&b, "seed %d:", first.seed)
	}
	first.write(&b)
	if len(failing) > 1 {
		b.WriteString("\nother failing seeds: ")
		b.WriteString(otherSeeds(first.kind, failing[1:]))
		b.WriteString(" (replay one with its number in the command)")
	}
	return b.String()
}

// rank orders failing seeds for the block: those with the kit's failure
// message first, "not run" seeds last.
func rank(s *seedReport) int {
	switch {
	case s.failures == 0:
		return 2
	case s.kind == results.NotRun:
		return 1
	}
	return 0
}

// write writes the seed's logs and failures, each on lines of its own.
func (s *seedReport) write(b *strings.Builder) {
	logs, failures, cutLogs, cutFailures := 0, 0, 0, 0
	for _, e := range s.lines {
		text := strings.TrimRight(e.text, "\n")
		if e.failure {
			if failures == maxBlockFailures {
				cutFailures++
				continue
			}
			failures++
			b.WriteString("\n" + text)
			continue
		}
		lines := strings.Split(text, "\n")
		if keep := maxBlockLogs - logs; len(lines) > keep {
			cutLogs += len(lines) - keep
			lines = lines[:keep]
		}
		if len(lines) == 0 {
			continue
		}
		logs += len(lines)
		b.WriteString("\nlog: " + strings.Join(lines, "\n"))
	}
	if s.failures == 0 {
		b.WriteString("\n(its failure is printed above)")
	}
	var cut []string
	if cutFailures > 0 {
		cut = append(cut, strings.Replace(plural(cutFailures, "failure"), " ", " more ", 1))
	}
	if cutLogs > 0 {
		cut = append(cut, strings.Replace(plural(cutLogs, "log line"), " ", " more ", 1))
	}
	if len(cut) > 0 {
		fmt.Fprintf(b, "\n... %s of this seed: replay it to see them", strings.Join(cut, " and "))
	}
	b.WriteString(s.replay)
}

// otherSeeds lists seeds on one line, runs of consecutive seeds as
// ranges ("1-3 5 7-12"), grouped by the kind of their failure when it is
// not the kind of the shortest: "1-3 5; LIVENESS 7-12".
func otherSeeds(main results.Kind, seeds []*seedReport) string {
	byKind := map[results.Kind][]int64{}
	var kinds []results.Kind
	for _, s := range seeds {
		k := s.kind
		if s.failures == 0 {
			k = results.Failed
		}
		if _, ok := byKind[k]; !ok {
			kinds = append(kinds, k)
		}
		byKind[k] = append(byKind[k], s.seed)
	}
	slices.SortFunc(kinds, func(a, b results.Kind) int {
		return cmp.Or(cmp.Compare(b2i(a != main), b2i(b != main)), strings.Compare(string(a), string(b)))
	})
	var groups []string
	for _, k := range kinds {
		list := byKind[k]
		slices.Sort(list)
		text := ranges(list)
		if k != main || len(kinds) > 1 {
			text = string(k) + " " + text
		}
		groups = append(groups, text)
	}
	return strings.Join(groups, "; ")
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ranges prints sorted seeds with runs of consecutive ones as ranges.
func ranges(seeds []int64) string {
	var parts []string
	for i := 0; i < len(seeds); {
		j := i
		for j+1 < len(seeds) && seeds[j+1] == seeds[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, strconv.FormatInt(seeds[i], 10))
		case j == i+1:
			parts = append(parts, strconv.FormatInt(seeds[i], 10), strconv.FormatInt(seeds[j], 10))
		default:
			parts = append(parts, fmt.Sprintf("%d-%d", seeds[i], seeds[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, " ")
}
