package fake_test

import (
	"testing"

	"github.com/distlab/distlab/labs/kit"
)

// TestHidden is graded but left out of the handout.
//
//lab:points 1
func TestHidden(t *testing.T) {
	kit.Sweep(t, 2, func(r *kit.Run) { ping(r) })
}
