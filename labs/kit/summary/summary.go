// Package summary is the one-line report the lab kit logs for every seed
// (shown with go test -v), and its parser, for tools such as the grader
// that total what a run simulated:
//
//	seed=17 fingerprint=4be1c2a9d0e3f567 events=5234 virtual=2.500000s wall=3ms speed=833x
//	seed=3 wall=351.2ms (no simulation)
package summary

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Summary is what one seed of a test did.
type Summary struct {
	Seed        int64
	Simulated   bool          // a world ran; the fields below are set
	Fingerprint uint64        // the worlds' fingerprint (combined if several)
	Events      uint64        // events simulated
	Virtual     time.Duration // virtual time simulated
	Wall        time.Duration // wall time the seed took
}

// String formats s as the kit logs it.
func (s Summary) String() string {
	wall := s.Wall.Round(100 * time.Microsecond)
	if !s.Simulated {
		return fmt.Sprintf("seed=%d wall=%s (no simulation)", s.Seed, wall)
	}
	speed := float64(s.Virtual) / float64(max(s.Wall, time.Microsecond))
	return fmt.Sprintf("seed=%d fingerprint=%016x events=%d virtual=%s wall=%s speed=%.0fx",
		s.Seed, s.Fingerprint, s.Events, formatVirtual(s.Virtual), wall, speed)
}

// formatVirtual prints a virtual time as seconds with microseconds, the
// way the simulator does.
func formatVirtual(d time.Duration) string {
	us := d / time.Microsecond
	return fmt.Sprintf("%d.%06ds", us/1_000_000, us%1_000_000)
}

var (
	simulated = regexp.MustCompile(`seed=(-?\d+) fingerprint=([0-9a-f]+) events=(\d+) virtual=(\S+) wall=(\S+) speed=\S+`)
	pure      = regexp.MustCompile(`seed=(-?\d+) wall=(\S+) \(no simulation\)`)
)

// Parse finds a summary in line (which may carry a prefix such as the
// testing package's "file.go:12: ").
func Parse(line string) (Summary, bool) {
	if m := simulated.FindStringSubmatch(line); m != nil {
		seed, err1 := strconv.ParseInt(m[1], 10, 64)
		fp, err2 := strconv.ParseUint(m[2], 16, 64)
		events, err3 := strconv.ParseUint(m[3], 10, 64)
		virtual, err4 := time.ParseDuration(m[4])
		wall, err5 := time.ParseDuration(m[5])
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
			return Summary{}, false
		}
		return Summary{Seed: seed, Simulated: true, Fingerprint: fp, Events: events, Virtual: virtual, Wall: wall}, true
	}
	if m := pure.FindStringSubmatch(line); m != nil {
		seed, err1 := strconv.ParseInt(m[1], 10, 64)
		wall, err2 := time.ParseDuration(m[2])
		if err1 != nil || err2 != nil {
			return Summary{}, false
		}
		return Summary{Seed: seed, Wall: wall}, true
	}
	return Summary{}, false
}
