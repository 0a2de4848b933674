package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
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
	// Workers is how many worlds BFS and RandomWalk run at once, each on
	// a goroutine of its own (default GOMAXPROCS: every core); DFS runs
	// one. The result is the same with any number: the workers' states
	// are admitted in the order the strategy defines. With more than one,
	// setup and the callbacks below run on several goroutines at once,
	// each for a world of its own: they must share nothing mutable
	// between worlds (state a setup makes for its world is fine).
	Workers int
	// Fault budgets per schedule: messages the search may lose, messages
	// it may duplicate, crashes, and restarts of crashed nodes (a node
	// restarts from its factory with its Storage, as with World.Restart).
	// A message to a node that is down is dropped at once.
	Losses, Duplicates, Crashes, Restarts int
	// AllOrders makes BFS take every order of events that commute. By
	// default it takes one of two schedules that differ only in the order
	// of two such events in a row, deliveries to different nodes or a
	// delivery and another node's timer already due (sleep sets; see the
	// package doc): both reach the same state, so the states visited,
	// their depths and the first violation are the same, for fewer runs.
	// What it skips is the other order of the two events, which only an
	// observer whose verdict depends on that order would tell apart.
	AllOrders bool
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
	// Sometimes, if set, is checked in every state, as a property that
	// should hold in some state (ExploreResult.Sometimes): a search that
	// never reached one looked at nothing that matters.
	Sometimes func(w *World) bool
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
	Sometimes bool // Sometimes held in a visited state
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
	workers []*worker    // workers[0] runs everything that is not run in parallel
}

// worker builds and runs worlds for a search, one at a time; its buffers
// are its own, so that workers run at once.
type worker struct {
	x    *explorer
	bufs [3][]choice // the schedulers' buffers, reused from run to run
	runs int
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
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.MaxDepth < 0 || cfg.MaxStates < 0 || cfg.Walks < 0 || cfg.Workers < 0 || cfg.Losses < 0 || cfg.Duplicates < 0 || cfg.Crashes < 0 || cfg.Restarts < 0 {
		return nil, errors.New("sim: explore: negative bound or budget")
	}
	opts := cfg.Options
	opts.Net.Loss, opts.Net.Duplicate, opts.Swarm = 0, 0, false
	x := &explorer{cfg: cfg, opts: opts, setup: setup, seen: map[uint64]int{},
		res: ExploreResult{Strategy: cfg.Strategy}, start: time.Now()}
	for range cfg.Workers {
		x.workers = append(x.workers, &worker{x: x})
	}
	return x, nil
}

// run builds a world and runs it along prefix, then as visit chooses.
// It returns the scheduler (what it took), the world's error, and an
// error if the world could not be built or did not replay. Only the
// search's first run (worker 0's first) checks that the nodes share no
// memory: a check of the whole state at the end of every run would cost
// more than the run, and the same code runs in every other.
func (k *worker) run(prefix []int, visit func(*sched) int) (*sched, error, error) {
	x := k.x
	opts := x.opts
	if k.runs > 0 || k != x.workers[0] {
		opts.ShareCheckEvery = -1
	}
	k.runs++
	w, err := New(opts)
	if err != nil {
		return nil, nil, err
	}
	if err := x.setup(w); err != nil {
		return nil, nil, fmt.Errorf("sim: explore: setup: %w", err)
	}
	if w.err != nil {
		return nil, nil, fmt.Errorf("sim: explore: setup: %w", w.err)
	}
	s := &sched{w: w, x: x, prefix: prefix, visit: visit, choices: k.bufs[0][:0], dels: k.bufs[1][:0], tims: k.bufs[2][:0]}
	defer func() { k.bufs = [3][]choice{s.choices, s.dels, s.tims} }() // reused by the next run
	if x.prepare != nil {
		x.prepare(s)
	}
	w.pick = s.pick
	runErr := w.Run(w.opts.MaxTime)
	if s.err != nil {
		return nil, nil, s.err
	}
	return s, runErr, nil
}

// run is worker 0's run, counted in the result; a run that ends with an
// error is the search's violation, if it has none yet.
func (x *explorer) run(prefix []int, visit func(*sched) int) (*sched, error, error) {
	s, runErr, err := x.workers[0].run(prefix, visit)
	if err != nil {
		return nil, nil, err
	}
	x.res.Runs++
	x.res.Events += s.w.index
	if runErr != nil {
		x.violated(&Violation{Choices: slices.Clone(s.prefix[:s.taken]), Err: runErr, fp: s.w.fp})
	}
	return s, runErr, nil
}

// violated records the search's first violation, and stops it.
func (x *explorer) violated(v *Violation) {
	if x.res.Violation == nil {
		x.res.Violation = v
		x.res.Stop = "violation"
	}
}

// stopped reports whether the search must end.
func (x *explorer) stopped() bool { return x.res.Stop != "" }

// visited is what a search needs to know of a state it reached, taken
// from the world there (by whichever worker ran it).
type visited struct {
	hash    uint64
	depth   int      // choices taken to reach it
	choices int      // enabled choices there
	inv     error    // the Invariant's error there
	goal    bool     // the Goal holds there
	prune   bool     // the Prune holds there
	some    bool     // the Sometimes holds there
	prefix  []int    // with inv or goal: the choices that reach it
	fp      uint64   // the world's fingerprint there
	enabled []choice // in BFS with sleep sets: the enabled choices there
}

// look takes what the search needs from the state s reached.
func (x *explorer) look(s *sched) visited {
	v := visited{hash: s.stateHash(), depth: s.taken, choices: len(s.choices), fp: s.w.fp}
	cfg := &x.cfg
	if cfg.Invariant != nil {
		v.inv = cfg.Invariant(s.w)
	}
	if cfg.Goal != nil {
		v.goal = cfg.Goal(s.w)
	}
	if cfg.Prune != nil {
		v.prune = cfg.Prune(s.w)
	}
	if cfg.Sometimes != nil {
		v.some = cfg.Sometimes(s.w)
	}
	if v.inv != nil || v.goal {
		v.prefix = slices.Clone(s.prefix[:s.taken]) // for the result
	}
	return v
}

// admit counts a visit of the state s reached and reports whether the
// search should go on from it; see admitted.
func (x *explorer) admit(s *sched, prune bool) bool {
	return x.admitted(x.look(s), prune)
}

// admitted counts a visit of state v: it checks it, and reports whether
// the search should go on from it. With prune, a state already visited
// with as few choices is not gone on from. Visits are admitted in the
// order the search defines, whichever worker made them, so that the
// result is the same with any number of workers.
func (x *explorer) admitted(v visited, prune bool) bool {
	x.res.Visits++
	d := v.depth
	old, ok := x.seen[v.hash]
	if ok && prune && old <= d {
		return false
	}
	if !ok {
		if x.res.States >= x.cfg.MaxStates {
			x.res.Stop = "states"
			return false
		}
		x.res.States++
		x.seen[v.hash] = d
	} else if d < old {
		x.seen[v.hash] = d
	}
	x.res.Depth = max(x.res.Depth, d)
	x.res.Sometimes = x.res.Sometimes || v.some
	cfg := &x.cfg
	if v.inv != nil {
		x.violated(&Violation{Choices: v.prefix, Err: v.inv, fp: v.fp})
		return false
	}
	if v.goal {
		x.res.Goal, x.res.GoalFound = v.prefix, true
		x.res.Stop = "goal"
		return false
	}
	if cfg.MaxWall > 0 && x.res.Visits%64 == 0 && time.Since(x.start) > cfg.MaxWall {
		x.res.Stop = "wall time"
		return false
	}
	if v.prune {
		return false
	}
	if d >= cfg.MaxDepth && v.choices > 0 {
		x.cut = true
		return false
	}
	return true
}

// outcome is one run of a parallel search: the states it visited, in
// order, and how it ended.
type outcome struct {
	states []visited
	runErr error  // the world's error, which ended the run
	taken  []int  // with runErr: the choices taken
	fp     uint64 // with runErr: the world's fingerprint
	events uint64
	err    error // the world could not be built or did not replay
	// first, in BFS, is the outcome of the run of the first child of the
	// state this run stopped at (its choices and then choice 0), when the
	// run went on to it in the same world; nil when it did not.
	first  *outcome
	cached bool // the outcome was found by another run: it counts no run
	// firstChoice is the choice that leads to first's state.
	firstChoice int
}

// count adds a run's outcome to the result and admits its states in order;
// it returns the states to go on from (BFS), and an error if the run had
// one.
func (x *explorer) count(o *outcome, prune bool) ([]visited, error) {
	if o.err != nil {
		return nil, o.err
	}
	if !o.cached {
		x.res.Runs++
	}
	x.res.Events += o.events
	var open []visited
	for _, v := range o.states {
		if x.stopped() {
			return open, nil
		}
		if x.admitted(v, prune) {
			open = append(open, v)
		}
	}
	if o.runErr != nil && !x.stopped() {
		x.violated(&Violation{Choices: o.taken, Err: o.runErr, fp: o.fp})
	}
	return open, nil
}

// chunk is how many runs the workers make between two merges of their
// outcomes: a violation found early wastes at most one chunk's work.
const chunk = 256

// parallel runs job(worker, i) for every i < n on the workers, each job on
// one worker, and returns the outcomes in the order of i.
func (x *explorer) parallel(n int, job func(k *worker, i int) outcome) []outcome {
	outs := make([]outcome, n)
	safe := func(k *worker, i int) {
		defer func() {
			if p := recover(); p != nil {
				outs[i] = outcome{err: fmt.Errorf("sim: explore: panic in the setup or a callback of the search: %v\n%s", p, debug.Stack())}
			}
		}()
		outs[i] = job(k, i)
	}
	if len(x.workers) == 1 || n == 1 {
		for i := range n {
			safe(x.workers[0], i)
		}
		return outs
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, k := range x.workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				safe(k, i)
			}
		})
	}
	wg.Wait()
	return outs
}

// runOut runs one schedule on worker k and returns its outcome; visit
// sees each state the run reaches once prefix is used up, with what the
// search needs of it, and returns the choice to take or -1.
func (k *worker) runOut(prefix []int, visit func(s *sched, v visited) int) outcome {
	var o outcome
	s, runErr, err := k.run(prefix, func(s *sched) int {
		v := k.x.look(s)
		o.states = append(o.states, v)
		return visit(s, v)
	})
	if err != nil {
		return outcome{err: err}
	}
	o.events = s.w.index
	if runErr != nil {
		o.runErr, o.taken, o.fp = runErr, slices.Clone(s.prefix[:s.taken]), s.w.fp
	}
	return o
}

// bfs visits states level by level: every run replays a choice sequence
// from a fresh world and stops at the state it reaches. The runs of a
// level are shared among the workers, in chunks; their states are
// admitted in the level's order.
//
// A run does not stop there when the state's first child may be needed:
// it goes on in the same world with choice 0, to that child (see chain),
// and keeps what it finds for the
// next levels, which then need no run of their own for those states. The
// outcome of a child is the one its own run would have had (the world is
// deterministic), so the search visits the same states in the same order
// as with a run for each; only Runs and Events go down.
func (x *explorer) bfs() error {
	level := []*bfsEntry{{}}
	// gone maps a state's hash to the entry BFS went on from there (with
	// sleep sets), for this level and the one before: a repeat of a state
	// from further back finds none, and its sleepers' choices wake up,
	// which costs runs but keeps memory to a few levels.
	gone, goneBefore := map[uint64]*bfsEntry{}, map[uint64]*bfsEntry{}
	for len(level) > 0 && !x.stopped() {
		var next []*bfsEntry
		for lo := 0; lo < len(level) && !x.stopped(); lo += chunk {
			part := level[lo:min(lo+chunk, len(level))]
			outs := x.parallel(len(part), func(k *worker, i int) outcome {
				if d := part[i].done; d != nil {
					return *d
				}
				return k.chain(part[i].prefix, part[i].sleep)
			})
			for i := range outs {
				open, err := x.count(&outs[i], true)
				if err != nil {
					return err
				}
				e := part[i]
				if st := outs[i].states; len(open) == 0 && len(st) == 1 {
					f := gone[st[0].hash]
					if f == nil {
						f = goneBefore[st[0].hash]
					}
					if f != nil {
						e.children = f.children // a repeat: its children are those of its state's first visit
					}
				}
				for _, v := range open {
					if x.cfg.AllOrders {
						for c := range v.choices {
							e := &bfsEntry{prefix: append(slices.Clip(part[i].prefix), c)}
							if c == 0 {
								e.done = outs[i].first
							}
							next = append(next, e)
						}
						continue
					}
					next = append(next, e.expand(v.enabled, outs[i].firstChoice, outs[i].first)...)
					gone[v.hash] = e
				}
				e.prefix, e.done, e.sleep = nil, nil, nil // only its children are needed now
				if x.stopped() {
					break
				}
			}
		}
		level = next
		gone, goneBefore = map[uint64]*bfsEntry{}, gone
	}
	return nil
}

// maxChain bounds how many first children a BFS run goes on to. Going on
// costs an event or so per child, and saves the child's run only when the
// search goes on from its parent: most states a level reaches are repeats
// (about four visits a state in BenchmarkExplore), whose children are
// never run, so a longer chain mostly runs states nobody needs. One is
// the cheapest (BenchmarkExplore: a sixth fewer runs and a tenth fewer
// events than without; sixteen cost two thirds more events).
const maxChain = 1

// chain runs prefix to the state it reaches, as runOut does for BFS, and
// goes on from there in the same world along the first choice not in the
// state's sleep set (sleep: that of the state prefix reaches) while the
// next level may need the state it reaches: one that is not yet known
// with as few choices (which would make the search skip it), where no
// check fails and the search would go on. Each state's outcome holds the
// next one's in first. The first run of the search does not go on: it
// checks sharing at its end, at the state its prefix reaches.
func (k *worker) chain(prefix []int, sleep []sleeper) outcome {
	x := k.x
	var outs []*outcome
	goOn := k.runs > 0 || k != x.workers[0]
	s, runErr, err := k.run(prefix, func(s *sched) int {
		v := x.look(s)
		c := 0
		if !x.cfg.AllOrders {
			v.enabled = s.keyed()
			c = firstAwake(s.choices, sleep)
			sleep = nil // a chained child goes on along its choice 0, if maxChain lets it
		}
		o := &outcome{states: []visited{v}, cached: len(outs) > 0, firstChoice: c}
		if n := len(outs); n > 0 {
			outs[n-1].first = o
		}
		outs = append(outs, o)
		if !goOn || len(outs) > maxChain || c < 0 || v.inv != nil || v.goal || v.prune || v.choices == 0 || v.depth >= x.cfg.MaxDepth {
			return -1
		}
		if _, known := x.seen[v.hash]; known && len(outs) > 1 {
			return -1 // a repeat (or a shorter way to it), which the search may not go on from
		}
		return c
	})
	if err != nil {
		return outcome{err: err}
	}
	var last *outcome
	if len(outs) == 0 || s.taken > len(prefix)+len(outs)-1 {
		// The world failed on the way to the state after the last one
		// looked at: that state's run has the error and no state.
		last = &outcome{cached: len(outs) > 0}
		if len(outs) > 0 {
			outs[len(outs)-1].first = last
		}
		outs = append(outs, last)
	} else {
		last = outs[len(outs)-1]
	}
	if runErr != nil {
		last.runErr, last.taken, last.fp = runErr, slices.Clone(s.prefix[:s.taken]), s.w.fp
	}
	outs[0].events = s.w.index
	return *outs[0]
}

// dfs goes on in the same world with the first choice of every state, and
// replays from a fresh world only to try the others. It runs on one
// worker: which states it goes on from depends on every state before.
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

// walks runs random schedules, walk i drawing its choices from a stream
// of its own (of Seed and i), so that the walks are the same whichever
// worker runs them; a walk ends at a violation, the goal, a pruned
// state, MaxDepth or a state with no choices. The states of the walks are
// admitted in the order of the walks, then of their steps.
func (x *explorer) walks() error {
	cfg := &x.cfg
	for lo := 0; lo < cfg.Walks && !x.stopped(); lo += chunk {
		n := min(chunk, cfg.Walks-lo)
		outs := x.parallel(n, func(k *worker, i int) outcome {
			rng := rand.New(newPCG(cfg.Seed, streamExplore, uint64(lo+i)))
			return k.runOut(nil, func(s *sched, v visited) int {
				if v.inv != nil || v.goal || v.prune || v.choices == 0 || v.depth >= cfg.MaxDepth {
					return -1
				}
				return rng.IntN(v.choices)
			})
		})
		for i := range outs {
			if _, err := x.count(&outs[i], false); err != nil {
				return err
			}
			if x.stopped() {
				break
			}
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
