package kit

import "github.com/distlab/distlab/sim"

// Within calls f, student code that runs outside any world (a method of a
// data structure, say), and fails the seed if it does not return within
// the handler timeout (-handler-timeout, else the simulator's default):
// an infinite loop in it then fails one seed, with f's stack, instead of
// hanging the test binary. what names the call in the failure, e.g.
// `Successors("k", 3) on a ring of 2 members`.
func (r *Run) Within(what string, f func()) {
	r.t.Helper()
	if err := sim.Within(r.s.hang, what, f); err != nil {
		r.Fatalf("HANG: %v", err)
	}
}

// CheckDeterminism runs scenario twice on worlds with this seed (see
// sim.CheckDeterminism) and fails the seed if the two runs differ, naming
// the first event where they did, or if the first run failed. It returns
// the runs' fingerprint. The first run's world counts in the seed's
// summary line and failure messages.
func (r *Run) CheckDeterminism(opts sim.Options, scenario func(w *sim.World) error) uint64 {
	r.t.Helper()
	if opts.Seed != 0 && opts.Seed != r.Seed {
		r.Fatalf("kit: CheckDeterminism with Options.Seed %d; the run's seed is %d (leave it zero)", opts.Seed, r.Seed)
	}
	opts.Seed = r.Seed
	if r.s.hang != 0 {
		opts.HandlerTimeout = r.s.hang
	}
	first := true
	fp, err := sim.CheckDeterminism(opts, func(w *sim.World) error {
		if first {
			r.worlds = append(r.worlds, w)
			first = false
		}
		return scenario(w)
	})
	r.Check(err)
	return fp
}
