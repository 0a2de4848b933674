package election_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/labs/kit"
)

// TestRestartEachNode: each of five nodes in turn, in a random order,
// crashes, stays down for up to 600ms and restarts, keeping only its
// Storage; the others may be in the middle of an election when it comes
// back. Safety holds throughout (a restarted node's term is never lower
// than before its crash), and after each restart all five agree on a
// leader within 10 election timeouts. A follower that restarts while the
// others agree on a leader comes back as a follower and hears the
// leader's heartbeats: no node moves to a new term in the second after
// its restart. Two rounds per seed.
//
//lab:points 6
//lab:part C
func TestRestartEachNode(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		c := newCluster(r, 5, healthyNet)
		rng := r.Rand("restarts")
		c.awaitLeader(c.ids, electionBound, "of the start, on a healthy network")
		for range 2 {
			for _, i := range rng.Perm(len(c.ids)) {
				id := c.ids[i]
				c.runFor(randomDuration(rng, 600*time.Millisecond))
				leader, term, stable := c.agreed(c.ids)
				stable = stable && leader != id
				r.Check(c.w.Crash(id))
				c.runFor(randomDuration(rng, 600*time.Millisecond))
				if stable {
					c.safe.expectQuiet(term, fmt.Sprintf("%s, a follower of %s, restarted on a healthy network (a restarted node starts as a follower, with a fresh election timer)", c.name(id), c.name(leader)))
				}
				r.Check(c.w.Restart(id))
				if stable {
					c.runFor(time.Second)
					c.safe.endQuiet()
				}
				c.awaitLeader(c.ids, electionBound, fmt.Sprintf("after %s restarted", c.name(id)))
			}
		}
	})
}

// TestRestartAllNodes: all five nodes crash at once, at a random moment
// (leading, following or in the middle of an election), and restart at
// random moments within the next 300ms, keeping only their Storage.
// Safety holds throughout, and after each round all five agree on a
// leader within 10 election timeouts of the last restart. Five rounds per
// seed.
//
//lab:points 6
//lab:part C
func TestRestartAllNodes(t *testing.T) {
	kit.Sweep(t, 50, func(r *kit.Run) {
		c := newCluster(r, 5, healthyNet)
		rng := r.Rand("restarts")
		for round := range 5 {
			c.runFor(randomDuration(rng, time.Second))
			for _, id := range c.ids {
				r.Check(c.w.Crash(id))
			}
			var last time.Duration
			for _, id := range c.ids {
				at := c.w.Now() + randomDuration(rng, 300*time.Millisecond)
				last = max(last, at)
				c.at(at, func() { c.w.Restart(id) })
			}
			c.runFor(last - c.w.Now())
			c.awaitLeader(c.ids, electionBound, fmt.Sprintf("after every node restarted (round %d)", round+1))
		}
	})
}

// TestVoterRemembersVote: a restarted node must not vote twice in one
// term. Three nodes, with n0 and n2 unable to hear each other, so every
// vote they get is n1's. Whenever a node wins a new term, n1 crashes and
// restarts at once. If n0 won term T with n1's vote while n2 was still in
// an earlier term (they both start in term 0, and both follow n1 when n1
// led), n2 times out later and asks n1 for a vote in term T too: n1 must
// refuse, since it voted in term T before its crash. Ten elections per
// seed; safety holds throughout.
//
//lab:points 6
//lab:part C
func TestVoterRemembersVote(t *testing.T) {
	kit.Sweep(t, 100, func(r *kit.Run) {
		c := newCluster(r, 3, healthyNet)
		n0, n1, n2 := c.ids[0], c.ids[1], c.ids[2]
		r.Check(c.w.Cut(n0, n2))
		r.Check(c.w.Cut(n2, n0))
		var term uint64
		for round := range 10 {
			ok, err := c.w.RunUntil(c.w.Now()+electionBound, func() bool {
				for _, id := range c.ids {
					if st, up := c.status(id); up && st.Role == election.Leader && st.Term > term {
						term = st.Term
						return true
					}
				}
				return false
			})
			r.Check(err)
			if !ok {
				r.Fatalf("no leader of a term above %d within %v (round %d)\n    nodes: %s",
					term, electionBound, round+1, c.views())
			}
			r.Check(c.w.Crash(n1))
			r.Check(c.w.Restart(n1))
		}
	})
}
