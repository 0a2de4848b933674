package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// Choices is a schedule of an explored world: at each state, the index of
// the choice taken among the enabled ones, in the canonical order (see
// ExploreConfig and the package doc). It prints like a seed, "3.0.1.2",
// and Replay runs it again, event for event.
type Choices []int

func (c Choices) String() string {
	var b strings.Builder
	for i, x := range c {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(x))
	}
	return b.String()
}

// ParseChoices parses a schedule printed by Choices.String ("" is the
// empty schedule).
func ParseChoices(s string) (Choices, error) {
	if s == "" {
		return Choices{}, nil
	}
	parts := strings.Split(s, ".")
	c := make(Choices, len(parts))
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return nil, fmt.Errorf("sim: bad choice %q in %q (want numbers joined by dots, e.g. 3.0.1.2)", p, s)
		}
		c[i] = x
	}
	return c, nil
}

// Replay builds the world with setup and runs it along choices, as
// Explore did, then checks cfg.Invariant in the state it reached. It
// returns the world (to inspect; with Options.Trace set in cfg, the run is
// traced) and the violation the schedule leads to, or nil. Only the
// choices, the fault budgets and the Options of cfg matter.
func Replay(cfg ExploreConfig, setup func(w *World) error, choices Choices) (*World, error) {
	return replay(cfg, setup, choices, func(s *sched) { s.record = true })
}

// replay is Replay; prepare, if set, sets up the scheduler before the run.
func replay(cfg ExploreConfig, setup func(w *World) error, choices Choices, prepare func(*sched)) (*World, error) {
	x, err := newExplorer(cfg, setup)
	if err != nil {
		return nil, err
	}
	x.prepare = prepare
	var inv error
	s, runErr, err := x.run(append(Choices(nil), choices...), func(s *sched) int {
		if cfg.Invariant != nil {
			inv = cfg.Invariant(s.w)
		}
		return -1
	})
	if err != nil {
		return nil, err
	}
	w := s.w
	taken := Choices(s.prefix[:s.taken])
	switch {
	case runErr != nil:
		return w, &Violation{Choices: taken, Err: runErr, Steps: s.steps, fp: w.fp}
	case inv != nil:
		return w, &Violation{Choices: taken, Err: inv, Steps: s.steps, fp: w.fp}
	case s.taken < len(choices):
		return w, fmt.Errorf("sim: explore: the run ended after %d of choices=%s", s.taken, choices)
	}
	return w, nil
}
