// Package summary is the one-line report the lab kit logs for every seed
// (shown with go test -v), for people; the grader reads the same figures
// from the kit's results channel (package results), never from this line:
//
//	seed=17 fingerprint=4be1c2a9d0e3f567 events=5234 virtual=2.500000s wall=3ms speed=833x
//	seed=3 wall=351.2ms (no simulation)
package summary

import (
	"fmt"
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
