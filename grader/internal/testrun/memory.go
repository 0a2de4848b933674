package testrun

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultMemory is the memory limit of one test's processes unless the
// grader is told otherwise (--memory): far above what an honest lab test
// uses (tens of MiB), far below what brings a grading machine down.
const DefaultMemory int64 = 2 << 30

// memoryPoll is how often the grader measures a test's memory. A Go
// program that touches all it allocates grows by a few GiB a second at
// most, so a test is stopped within a few hundred MiB of its limit.
const memoryPoll = 50 * time.Millisecond

// goMemLimit is the soft limit (GOMEMLIMIT) a test's processes get under a
// hard limit of limit bytes: three quarters of it, so that the garbage
// collector works harder well before the grader kills anything, and a test
// whose live memory fits is never stopped for its garbage.
func goMemLimit(limit int64) int64 { return limit / 4 * 3 }

// limitMemory prepares cmd, whose environment is set, for a memory limit
// of limit bytes (0: none): the Go runtime of every process it starts gets
// GOMEMLIMIT. Call it before cmd.Start.
func limitMemory(cmd *exec.Cmd, limit int64) {
	if limit > 0 {
		cmd.Env = append(cmd.Env, "GOMEMLIMIT="+strconv.FormatInt(goMemLimit(limit), 10))
	}
}

// watchMemory measures the resident memory of process pid and everything
// it started, every memoryPoll, and the first time it exceeds limit bytes
// calls kill, which ends them all. With no limit, or where the memory of
// processes cannot be read (treeRSS reports an error), it watches nothing.
// finish stops the watch and returns the most memory it saw (from the
// first measure, as the watch starts), and whether that was over the
// limit.
func watchMemory(pid int, limit int64, kill func()) (finish func() (peak int64, over bool)) {
	return watch(treeRSS, pid, limit, kill)
}

// watch is watchMemory with the measure of the memory of the tree of pid
// given: the sum over its processes (treeRSS), or its largest process
// (largestRSS).
func watch(measure func(pid int) (int64, error), pid int, limit int64, kill func()) (finish func() (peak int64, over bool)) {
	first, err := measure(pid)
	if limit <= 0 || err != nil {
		return func() (int64, bool) { return 0, false }
	}
	type result struct {
		peak int64
		over bool
	}
	stop, done := make(chan struct{}), make(chan result, 1)
	go func() {
		tick := time.NewTicker(memoryPoll)
		defer tick.Stop()
		peak := first
		for {
			select {
			case <-stop:
				done <- result{peak, false}
				return
			case <-tick.C:
			}
			if rss, err := measure(pid); err == nil { // else the child is exiting
				peak = max(peak, rss)
				if rss > limit {
					kill()
					done <- result{peak, true}
					return
				}
			}
		}
	}()
	return sync.OnceValues(func() (int64, bool) {
		close(stop)
		r := <-done
		return r.peak, r.over
	})
}

// ParseBytes parses a memory size: a number of bytes with an optional
// unit, B, KiB, MiB, GiB or TiB (powers of 1024; K, M, G and T too) or
// KB, MB, GB or TB (powers of 1000), as in "2GiB", "1.5GiB" or "512MiB".
// "0", "off" and "none" mean no limit (0).
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "off", "none":
		return 0, nil
	}
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') && t[i-1] != '.' {
		i--
	}
	num, unit := strings.TrimSpace(t[:i]), strings.ToLower(strings.TrimSpace(t[i:]))
	mult, ok := byteUnits[unit]
	if !ok {
		return 0, fmt.Errorf("testrun: memory size %q: unknown unit %q (use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)", s, t[i:])
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("testrun: memory size %q: want a number of bytes with a unit, such as 2GiB or 512MiB", s)
	}
	if v := f * float64(mult); v < 1<<62 {
		return int64(v), nil
	}
	return 0, fmt.Errorf("testrun: memory size %q is too large", s)
}

var byteUnits = map[string]int64{
	"": 1, "b": 1,
	"k": 1 << 10, "kib": 1 << 10, "kb": 1e3,
	"m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
	"g": 1 << 30, "gib": 1 << 30, "gb": 1e9,
	"t": 1 << 40, "tib": 1 << 40, "tb": 1e12,
}

// FormatBytes writes a memory size for people, in the largest binary
// unit that keeps it at least 1: "2 GiB", "1.5 GiB", "300 MiB", "512 B".
func FormatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + units[u]
}
