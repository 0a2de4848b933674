package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// Strategy is the order in which Explore visits states.
type Strategy uint8

const (
	// BFS visits states by the number of choices that reach them, so the
	// first violation it finds has a shortest choice sequence.
	BFS Strategy = iota
	// DFS follows each schedule as deep as MaxDepth before trying the
	// next, which finds deep violations with little memory.
	DFS
	// RandomWalk runs Walks schedules of random choices, drawn from a
	// stream of Seed; it does not prune repeated states.
	RandomWalk
)

func (s Strategy) String() string {
	switch s {
	case BFS:
		return "bfs"
	case DFS:
		return "dfs"
	case RandomWalk:
		return "random"
	}
	return fmt.Sprintf("strategy(%d)", uint8(s))
}

// The default bounds of an exploration.
const (
	DefaultExploreDepth  = 30
	DefaultExploreStates = 200_000
	DefaultExploreWalks  = 1_000
)

// ExploreConfig configures Explore.
type ExploreConfig struct {
	// Options configure each world. The network's Loss and Duplicate are
	// ignored: faults are choices, within the budgets below.
	Options  Options
	Strategy Strategy
	// MaxDepth bounds the choices of a schedule (default
	// DefaultExploreDepth).
	MaxDepth int
	// MaxStates bounds the distinct states visited (default
	// DefaultExploreStates).
	MaxStates int
	// MaxWall bounds the wall time of the search (0: none). It is read by
	// the search between steps, never by a handler; a search it cuts short
	// depends on the machine's speed, so tests bound states instead.
	MaxWall time.Duration
	// Walks is how many schedules RandomWalk runs (default
	// DefaultExploreWalks); Seed seeds their choices.
	Walks int
	Seed  int64
	// Fault budgets per schedule: messages the search may lose, messages
	// it may duplicate, crashes, and restarts of crashed nodes (a node
	// restarts from its factory with its Storage, as with World.Restart).
	// A message to a node that is down is dropped at once.
	Losses, Duplicates, Crashes, Restarts int
	// Invariant, if set, is checked in every state; an error is a
	// violation. Observers added by setup are checked on every event as
	// in any run: an observer's error is a violation too.
	Invariant func(w *World) error
	// Goal, if set, ends the search at the first state where it holds
	// (ExploreResult.Goal).
	Goal func(w *World) bool
	// Prune, if set, stops the search from going on from states where it
	// holds (they are still checked).
	Prune func(w *World) bool
}

// ExploreResult is what a search found and how far it went.
type ExploreResult struct {
	Strategy  Strategy
	States    int    // distinct states visited
	Visits    int    // states visited, repeats included
	Runs      int    // worlds built and run from the start
	Events    uint64 // events run in all worlds, replayed prefixes included
	Depth     int    // the most choices of a visited state
	Exhausted bool   // every state within the bounds was visited (BFS, DFS)
	// Stop says what ended the search early: "violation", "goal",
	// "states" (MaxStates), "wall time" (MaxWall), or "" when it ran out
	// of states or walks.
	Stop      string
	Violation *Violation // the first violation found (the shortest, with BFS)
	Goal      Choices    // the choices to the first state where Goal held
	GoalFound bool
}

// Err returns the violation, or nil.
func (r *ExploreResult) Err() error {
	if r.Violation == nil {
		return nil
	}
	return r.Violation
}

func (r *ExploreResult) String() string {
	s := fmt.Sprintf("%s: %d states (%d visits, %d runs, %d events), depth %d", r.Strategy, r.States, r.Visits, r.Runs, r.Events, r.Depth)
	switch {
	case r.Violation != nil:
		s += ", violation at choices=" + r.Violation.Choices.String()
	case r.GoalFound:
		s += ", goal at choices=" + r.Goal.String()
	case r.Exhausted:
		s += ", exhausted"
	case r.Stop != "":
		s += ", stopped at the " + r.Stop + " bound"
	}
	return s
}

// Violation is a state or event of an explored world that broke an
// invariant, with the choices that lead to it.
type Violation struct {
	Choices Choices
	Err     error    // an observer's InvariantError, a PanicError, a LimitError, or the Invariant's error
	Steps   []string // what each choice did, e.g. "deliver a->b", "timer b", "lose a->b", "crash b"
	fp      uint64   // the run's fingerprint, to check that it replays
}

func (v *Violation) Error() string {
	return fmt.Sprintf("sim: explore: %v (replay with choices=%s)", v.Err, v.Choices)
}

func (v *Violation) Unwrap() error { return v.Err }

// Explore searches the schedules of the world that setup builds: setup is
// called on a fresh world for every schedule and adds nodes, observers
// and World.At callbacks as for any run (it must do the same every time).
// Every state is identified by a hash (see stateHash), so that each is
// visited once. It returns an error when setup fails or the worlds do not
// replay; a violation is in the result.
func Explore(cfg ExploreConfig, setup func(w *World) error) (*ExploreResult, error) {
	x, err := newExplorer(cfg, setup)
	if err != nil {
		return nil, err
	}
	switch cfg.Strategy {
	case BFS:
		err = x.bfs()
	case DFS:
		err = x.dfs()
	case RandomWalk:
		err = x.walks()
	default:
		return nil, fmt.Errorf("sim: explore: unknown strategy %d", uint8(cfg.Strategy))
	}
	if err != nil {
		return nil, err
	}
	if v := x.res.Violation; v != nil {
		if err := x.confirm(v); err != nil {
			return nil, err
		}
	}
	r := &x.res
	r.Exhausted = cfg.Strategy != RandomWalk && r.Stop == "" && !x.cut
	return r, nil
}

// explorer is the state of one search.
type explorer struct {
	cfg   ExploreConfig
	opts  Options
	setup func(*World) error
	seen  map[uint64]int // state hash -> fewest choices it was reached with
	res   ExploreResult
	cut   bool // some state was not expanded because of MaxDepth
	start time.Time

	prepare func(*sched) // sets up each run's scheduler (Replay's recording)
	bufs    [3][]choice  // the schedulers' buffers, reused from run to run
}

func newExplorer(cfg ExploreConfig, setup func(*World) error) (*explorer, error) {
	if setup == nil {
		return nil, errors.New("sim: explore: nil setup")
	}
	if cfg.MaxDepth == 0 {
		cfg.MaxDepth = DefaultExploreDepth
	}
	if cfg.MaxStates == 0 {
		cfg.MaxStates = DefaultExploreStates
	}
	if cfg.Walks == 0 {
		cfg.Walks = DefaultExploreWalks
	}
	if cfg.MaxDepth < 0 || cfg.MaxStates < 0 || cfg.Walks < 0 || cfg.Losses < 0 || cfg.Duplicates < 0 || cfg.Crashes < 0 || cfg.Restarts < 0 {
		return nil, errors.New("sim: explore: negative bound or budget")
	}
	opts := cfg.Options
	opts.Net.Loss, opts.Net.Duplicate, opts.Swarm = 0, 0, false
	return &explorer{cfg: cfg, opts: opts, setup: setup, seen: map[uint64]int{},
		res: ExploreResult{Strategy: cfg.Strategy}, start: time.Now()}, nil
}

// run builds a world and runs it along prefix, then as visit chooses.
// It returns the scheduler (what it took) and the world's error.
func (x *explorer) run(prefix []int, visit func(*sched) int) (*sched, error, error) {
	w, err := New(x.opts)
	if err != nil {
		return nil, nil, err
	}
	if err := x.setup(w); err != nil {
		return nil, nil, fmt.Errorf("sim: explore: setup: %w", err)
	}
	if w.err != nil {
		return nil, nil, fmt.Errorf("sim: explore: setup: %w", w.err)
	}
	s := &sched{w: w, x: x, prefix: prefix, visit: visit, choices: x.bufs[0][:0], dels: x.bufs[1][:0], tims: x.bufs[2][:0]}
	defer func() { x.bufs = [3][]choice{s.choices, s.dels, s.tims} }() // reused by the next run
	if x.prepare != nil {
		x.prepare(s)
	}
	w.pick = s.pick
	runErr := w.Run(w.opts.MaxTime)
	x.res.Runs++
	x.res.Events += w.index
	if s.err != nil {
		return nil, nil, s.err
	}
	if runErr != nil && x.res.Violation == nil {
		x.res.Violation = &Violation{Choices: slices.Clone(s.prefix[:s.taken]), Err: runErr, fp: w.fp}
		x.res.Stop = "violation"
	}
	return s, runErr, nil
}

// stopped reports whether the search must end.
func (x *explorer) stopped() bool { return x.res.Stop != "" }

// admit visits the state s reached: it checks it, and reports whether the
// search should go on from it. With prune, a state already visited with
// as few choices is not gone on from.
func (x *explorer) admit(s *sched, prune bool) bool {
	x.res.Visits++
	d := s.taken
	h := s.stateHash()
	old, ok := x.seen[h]
	if ok && prune && old <= d {
		return false
	}
	if !ok {
		if x.res.States >= x.cfg.MaxStates {
			x.res.Stop = "states"
			return false
		}
		x.res.States++
		x.seen[h] = d
	} else if d < old {
		x.seen[h] = d
	}
	x.res.Depth = max(x.res.Depth, d)
	cfg := &x.cfg
	if cfg.Invariant != nil {
		if err := cfg.Invariant(s.w); err != nil {
			x.res.Violation = &Violation{Choices: slices.Clone(s.prefix[:d]), Err: err, fp: s.w.fp}
			x.res.Stop = "violation"
			return false
		}
	}
	if cfg.Goal != nil && cfg.Goal(s.w) {
		x.res.Goal, x.res.GoalFound = slices.Clone(s.prefix[:d]), true
		x.res.Stop = "goal"
		return false
	}
	if cfg.MaxWall > 0 && x.res.Visits%64 == 0 && time.Since(x.start) > cfg.MaxWall {
		x.res.Stop = "wall time"
		return false
	}
	if cfg.Prune != nil && cfg.Prune(s.w) {
		return false
	}
	if d >= cfg.MaxDepth && len(s.choices) > 0 {
		x.cut = true
		return false
	}
	return true
}

// bfs visits states level by level: every run replays a choice sequence
// from a fresh world and stops at the state it reaches.
func (x *explorer) bfs() error {
	frontier := [][]int{nil}
	for len(frontier) > 0 && !x.stopped() {
		p := frontier[0]
		frontier = frontier[1:]
		_, _, err := x.run(p, func(s *sched) int {
			if x.admit(s, true) {
				for i := range s.choices {
					frontier = append(frontier, append(slices.Clip(p), i))
				}
			}
			return -1
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// dfs goes on in the same world with the first choice of every state, and
// replays from a fresh world only to try the others.
func (x *explorer) dfs() error {
	stack := [][]int{nil}
	for len(stack) > 0 && !x.stopped() {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		_, _, err := x.run(p, func(s *sched) int {
			if !x.admit(s, true) || len(s.choices) == 0 {
				return -1
			}
			cur := slices.Clip(s.prefix[:s.taken])
			for i := len(s.choices) - 1; i >= 1; i-- {
				stack = append(stack, append(cur, i))
			}
			return 0
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// walks runs random schedules.
func (x *explorer) walks() error {
	rng := rand.New(newPCG(x.cfg.Seed, streamExplore))
	for range x.cfg.Walks {
		if x.stopped() {
			break
		}
		_, _, err := x.run(nil, func(s *sched) int {
			if !x.admit(s, false) || len(s.choices) == 0 {
				return -1
			}
			return rng.IntN(len(s.choices))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// confirm replays a violation's choices, describing each in v.Steps, and
// checks that the replay is the same run: the same events (fingerprint)
// and the same error.
func (x *explorer) confirm(v *Violation) error {
	_, err := replay(x.cfg, x.setup, v.Choices, func(s *sched) { s.record = true })
	var got *Violation
	switch {
	case errors.As(err, &got) && got.fp == v.fp && got.Err.Error() == v.Err.Error():
		v.Steps = got.Steps
		return nil
	case err != nil && got == nil:
		return err
	}
	return fmt.Errorf("sim: explore: choices=%s do not replay the run that found %v (the setup or the nodes do not run the same way twice)", v.Choices, v.Err)
}
