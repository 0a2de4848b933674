package hashring_test

import (
	"fmt"
	"strings"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// checkLive fails the run unless every client finished its workload.
func (s *storeRun) checkLive() {
	s.r.T().Helper()
	for _, c := range s.clients {
		if c.finished {
			continue
		}
		what := "no operation in progress"
		if c.pending >= 0 {
			op := s.ops[c.pending]
			what = fmt.Sprintf("its %s of key %q, called at %s, never returned (the key belongs to %s in the last configuration)",
				op.input.Op, op.input.Key, sim.FormatTime(op.call), s.ownerAtEnd(op.input.Key))
		}
		s.r.Fatalf("LIVENESS: client c%d did not finish its workload by %s: %s; configurations ready: %s",
			c.idx+1, sim.FormatTime(s.plan.deadline), what, s.readiness())
	}
}

// ownerHistory describes who owned key in each configuration, e.g.
// "s1 from 0s, s5 from 3s, s3 from 10s".
func (s *storeRun) ownerHistory(key string) string {
	var parts []string
	last := ""
	for num := 1; num < len(s.rings); num++ {
		o, _ := s.rings[num].Owner(key)
		if o != last {
			parts = append(parts, fmt.Sprintf("%s from %v", o, s.plan.at[num-1]))
			last = o
		}
	}
	return strings.Join(parts, ", ")
}

// ownerAtEnd returns the owner of key in the last configuration.
func (s *storeRun) ownerAtEnd(key string) string {
	o, _ := s.rings[len(s.rings)-1].Owner(key)
	return o
}

// readiness describes which servers reported Ready for each configuration.
func (s *storeRun) readiness() string {
	var parts []string
	for num := 1; num < len(s.configs); num++ {
		var names []string
		for _, m := range s.configs[num].Members {
			if !s.ready[num][m.ID] {
				names = append(names, m.Name)
			}
		}
		if len(names) == 0 {
			parts = append(parts, fmt.Sprintf("%d: all members", num))
		} else {
			parts = append(parts, fmt.Sprintf("%d: not %s", num, strings.Join(names, ",")))
		}
	}
	return strings.Join(parts, "; ")
}

// checkWritesReadable fails the run if a final read misses an
// acknowledged write: a preload key must read its value, and a hot key
// must hold every append acknowledged before the read began exactly once,
// and no append twice.
func (s *storeRun) checkWritesReadable() {
	s.r.T().Helper()
	preloaded := map[string]bool{}
	for i := range s.plan.preload {
		preloaded[preloadKey(i)] = true
	}
	for _, read := range s.ops {
		if !read.final || read.ret < 0 || read.own {
			continue
		}
		key := read.input.Key
		if preloaded[key] {
			if want := "v" + key; read.value != want {
				s.r.Fatalf("LOST WRITE: the final read of key %q by c%d at %s returned %q, but Put(%q, %q) was acknowledged before\n    owners of %q: %s",
					key, read.client+1, sim.FormatTime(read.call), read.value, key, want, key, s.ownerHistory(key))
			}
			continue
		}
		seen := map[string]int{}
		for _, tok := range strings.SplitAfter(read.value, ";") {
			if tok != "" {
				seen[tok]++
			}
		}
		for _, op := range s.ops {
			if op.input.Op != kit.Append || op.input.Key != key {
				continue
			}
			tok := op.input.Value
			switch {
			case seen[tok] > 1:
				s.r.Fatalf("DUPLICATE WRITE: the final read of key %q by c%d at %s holds append %q %d times (a retried or duplicated append applied twice)\n    owners of %q: %s",
					key, read.client+1, sim.FormatTime(read.call), tok, seen[tok], key, s.ownerHistory(key))
			case seen[tok] == 0 && op.ret >= 0 && op.ret < read.call:
				s.r.Fatalf("LOST WRITE: the final read of key %q by c%d at %s misses append %q, acknowledged to c%d at %s\n    owners of %q: %s",
					key, read.client+1, sim.FormatTime(read.call), tok, op.client+1, sim.FormatTime(op.ret), key, s.ownerHistory(key))
			}
		}
	}
}

// checkOwnReads fails the run if a Get of a client's own key (storePlan.own)
// returned anything but the value the client's acknowledged writes leave,
// in order: nobody else writes the key, and the client runs one operation
// at a time, so there is exactly one right answer.
func (s *storeRun) checkOwnReads() {
	s.r.T().Helper()
	for _, read := range s.ops {
		if !read.own || read.ret < 0 || read.value == read.want {
			continue
		}
		key := read.input.Key
		var writes []string
		for _, op := range s.ops {
			if op.client == read.client && op.input.Key == key && op.input.Op != kit.Get && op.ret >= 0 && op.ret < read.call {
				writes = append(writes, fmt.Sprintf("%s %q at %s", op.input.Op, op.input.Value, sim.FormatTime(op.ret)))
			}
		}
		if len(writes) > 4 {
			writes = append([]string{"..."}, writes[len(writes)-4:]...)
		}
		s.r.Fatalf("WRITE APPLIED TWICE OR LOST: c%d's Get of key %q at %s returned %q, but only c%d writes the key, one operation at a time, and its acknowledged writes leave %q (a late copy of an earlier Put or Append, a retry or a duplicate, applied again?)\n    c%d's acknowledged writes of %q: %s\n    owners of %q: %s",
			read.client+1, key, sim.FormatTime(read.call), read.value, read.client+1, read.want, read.client+1, key, strings.Join(writes, ", "), key, s.ownerHistory(key))
	}
}
