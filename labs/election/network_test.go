package election_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// lossyTermsPerMinute bounds the new terms in a minute on lossyNet. A
// follower whose election timer restarts with every heartbeat starts an
// election only when every heartbeat of a whole election timeout is lost
// (three to six in a row): a few times a minute in a cluster of five.
const lossyTermsPerMinute = 30

// TestLossyNetwork: on a network that loses, duplicates and reorders
// messages, five nodes agree on a leader within 10 election timeouts of
// the start; over the next virtual minute at most lossyTermsPerMinute new
// terms start, and at its end they agree on a leader again within 10
// election timeouts.
//
//lab:points 4
//lab:part B
func TestLossyNetwork(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		c := newCluster(r, 5, lossyNet)
		_, term := c.awaitLeader(c.ids, electionBound, "of the start, on a lossy network")
		c.runFor(time.Minute)
		if n := c.safe.maxTerm() - term; n > lossyTermsPerMinute {
			r.Fatalf("%d new terms in the virtual minute after term %d, on a lossy network: at most %d (do followers restart their election timer on every heartbeat of their term?)",
				n, term, lossyTermsPerMinute)
		}
		c.awaitLeader(c.ids, electionBound, "at the end of a minute on a lossy network")
	})
}

// TestLongDelays: on a network slower than the election timeouts (replies
// come back after their election is over, and requests arrive from terms
// long gone), safety holds for 30 virtual seconds; once the network is
// healthy again, five nodes agree on a leader within 10 election
// timeouts.
//
//lab:points 4
//lab:part B
func TestLongDelays(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		c := newCluster(r, 5, slowNet)
		c.runFor(30 * time.Second)
		r.Check(c.w.SetNet(healthyNet))
		c.awaitLeader(c.ids, electionBound, fmt.Sprintf("of the network becoming healthy at %s", sim.FormatTime(c.w.Now())))
	})
}
