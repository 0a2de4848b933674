package hashring

import (
	"time"

	"github.com/distlab/distlab/sim"
)

// arm arms a timer that arms itself again when it fires, forever.
func arm(env sim.Env) {
	env.After(time.Millisecond, func() { arm(env) })
}
