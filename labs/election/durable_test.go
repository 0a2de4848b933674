package election_test

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestCrashAtWorstMoment: durable state at the worst moment. A cluster of
// 2 to 7 nodes (even sizes too) on the healthy network, with a few links
// cut one way (so that candidates that cannot hear each other compete for
// the same terms, and need the same voters), runs for 20 virtual seconds.
// Whenever a node sends a message that its durable state guards (a
// granted vote: votedFor; a vote request: its new term and its vote for
// itself; any message carrying a term it has not sent before: currentTerm),
// it crashes at once, half of the time, with the message on its way, and
// restarts within 200ms. Safety holds at every event, which includes, on
// the wire, that no node votes twice in one term and no node's term goes
// down across its restarts. At the end the cuts heal and every node is
// up: all agree on a leader within 10 election timeouts.
//
//lab:points 6
//lab:part C
func TestCrashAtWorstMoment(t *testing.T) {
	kit.Sweep(t, 60, func(r *kit.Run) {
		rng := r.Rand("worst")
		size := 2 + rng.IntN(6)
		c := newCluster(r, size, healthyNet)
		var cuts []string
		for range rng.IntN(size + 1) {
			from, to := c.ids[rng.IntN(size)], c.ids[rng.IntN(size)]
			if from != to {
				r.Check(c.w.Cut(from, to))
				cuts = append(cuts, fmt.Sprintf("%s -> %s", c.name(from), c.name(to)))
			}
		}
		cutList := cmp.Or(strings.Join(cuts, ", "), "none")
		r.Logf("%d nodes, links cut: %s", size, cutList)
		sent := map[sim.NodeID]uint64{} // highest term each node has sent
		crashes := 0
		c.w.Observe(func(ev sim.Event) error {
			if ev.Kind != sim.KindSend || ev.Time >= 20*time.Second || !c.w.Up(ev.Node) {
				return nil
			}
			guarded, term := guardedBy(ev.Msg)
			fresh := term > sent[ev.Node]
			sent[ev.Node] = max(sent[ev.Node], term)
			if !guarded && !fresh || rng.IntN(2) == 0 {
				return nil
			}
			id, down := ev.Node, randomDuration(rng, 200*time.Millisecond)
			crashes++
			c.w.At(ev.Time, func() {
				if c.w.Up(id) {
					c.w.Crash(id)
					c.w.After(down, func() { c.w.Restart(id) })
				}
			})
			return nil
		})
		c.runFor(20 * time.Second)
		c.runFor(200 * time.Millisecond) // the last restarts
		r.Logf("%d crashes", crashes)
		c.w.Heal()
		c.awaitLeader(c.ids, electionBound, "after the crashes ended and the cut links ("+cutList+") healed")
	})
}

// guardedBy reports whether msg is a vote request or a granted vote, and
// the term it carries.
func guardedBy(msg any) (bool, uint64) {
	switch m := msg.(type) {
	case rpc.Request:
		switch b := m.Body.(type) {
		case election.VoteArgs:
			return true, b.Term
		case election.HeartbeatArgs:
			return false, b.Term
		}
	case rpc.Response:
		switch b := m.Body.(type) {
		case election.VoteReply:
			return b.Granted, b.Term
		case election.HeartbeatReply:
			return false, b.Term
		}
	}
	return false, 0
}

// TestTimeoutsRedrawn: a node draws a new election timeout each time its
// timer starts. In a cluster of 3 to 7 nodes, n0 is cut off from the
// start, and runs election after election for 15 virtual seconds, each
// starting one timeout after the last: every gap between two of its
// elections lies in [ElectionTimeoutMin, ElectionTimeoutMax], at least
// half of the gaps differ from each other, and they spread over the range
// (the shortest in its lowest quarter, the longest in its highest). The
// others elect a leader among themselves.
//
//lab:points 6
//lab:part A
func TestTimeoutsRedrawn(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		size := 3 + int(r.Seed%5)
		c := newCluster(r, size, healthyNet)
		n0 := c.ids[0]
		r.Check(c.w.Isolate(n0))
		var starts []time.Duration
		var last uint64
		c.w.Observe(func(ev sim.Event) error {
			if ev.Kind != sim.KindSend || ev.Node != n0 {
				return nil
			}
			if req, ok := ev.Msg.(rpc.Request); ok {
				if args, ok := req.Body.(election.VoteArgs); ok && args.Term > last {
					last = args.Term
					starts = append(starts, ev.Time)
				}
			}
			return nil
		})
		c.awaitLeader(c.others(n0), electionBound, "among the others, with n0 cut off")
		c.runFor(15*time.Second - c.w.Now())
		if len(starts) < 2 {
			started := "no election"
			if len(starts) == 1 {
				started = "only 1 election"
			}
			r.Fatalf("n0, cut off for 15s, started %s: one every election timeout (150ms to 300ms) was due", started)
		}
		gaps := make([]time.Duration, len(starts)-1)
		for i := range gaps {
			gaps[i] = starts[i+1] - starts[i]
			if gaps[i] < cfg.ElectionTimeoutMin || gaps[i] > cfg.ElectionTimeoutMax {
				r.Fatalf("n0, cut off, started elections at %s and %s: %v apart, outside the election timeout's range [%v, %v] (one timer at a time, drawn from the range?)",
					sim.FormatTime(starts[i]), sim.FormatTime(starts[i+1]), gaps[i], cfg.ElectionTimeoutMin, cfg.ElectionTimeoutMax)
			}
		}
		distinct := slices.Compact(slices.Sorted(slices.Values(gaps)))
		spread := cfg.ElectionTimeoutMax - cfg.ElectionTimeoutMin
		lo, hi := slices.Min(gaps), slices.Max(gaps)
		switch {
		case len(distinct) < len(gaps)/2:
			r.Fatalf("n0, cut off, started %d elections, but only %d different gaps between them: %v (is the timeout drawn afresh each time the timer starts?)",
				len(starts), len(distinct), distinct)
		case lo > cfg.ElectionTimeoutMin+spread/4 || hi < cfg.ElectionTimeoutMax-spread/4:
			r.Fatalf("n0, cut off, started %d elections, with gaps from %v to %v only: timeouts drawn uniformly from [%v, %v) spread over the whole range",
				len(starts), lo, hi, cfg.ElectionTimeoutMin, cfg.ElectionTimeoutMax)
		}
	})
}
