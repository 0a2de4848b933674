package paxos_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestClassicPartitions: five peers on a reliable network, as in the
// classic Paxos lab. (1) The network splits 2 | 2 | 1 at random, and
// every peer starts instance 0 with its own value: for 500ms, nothing is
// decided. (2) It splits 3 | 2 at random: within 2s the majority decides
// instance 0, and for 500ms more only peers of the majority know it. (3)
// The network heals: every peer knows instance 0 within 2s, without being
// asked again. (4) The same for instance 1, started only by a peer of the
// minority of a new 3 | 2 split, which therefore cannot decide it until
// the minority peer is moved into a majority 2 | 3 (it then decides
// within 2s, and the others know it within 2s of the heal).
//
//lab:points 1
//lab:part B
func TestClassicPartitions(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 5)
		rng := w.Rand("faults")
		shuffled := func() []sim.NodeID {
			s := slices.Clone(g.ids)
			rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
			return s
		}
		requireNone := func(seq int, split string) {
			r.T().Helper()
			if d, ok := g.decided[seq]; ok {
				r.Fatalf("SAFETY broken: %s decided %q for instance %d while the network was split %s: no group is a majority of 5",
					w.Name(d.node), d.value, seq, split)
			}
		}
		requireOnly := func(seq int, majority []sim.NodeID, split string) {
			r.T().Helper()
			for _, id := range g.deciders(seq) {
				if !slices.Contains(majority, id) {
					r.Fatalf("%s knows instance %d decided while cut off in the minority of %s: only the majority can know it",
						w.Name(id), seq, split)
				}
			}
		}

		s := shuffled()
		r.Check(w.Partition(s[:2], s[2:4], s[4:]))
		split := fmt.Sprintf("%s | %s | %s", nameList(w, s[:2]), nameList(w, s[2:4]), nameList(w, s[4:]))
		for _, id := range g.ids {
			g.startAt(0, id, 0, fmt.Sprintf("v0-%s", w.Name(id)))
		}
		r.Check(w.Run(500 * time.Millisecond))
		requireNone(0, split)

		s = shuffled()
		majority := s[:3]
		r.Check(w.Partition(majority, s[3:]))
		split = fmt.Sprintf("%s | %s", nameList(w, majority), nameList(w, s[3:]))
		ok, err := w.RunUntil(w.Now()+2*time.Second, func() bool { return len(g.deciders(0)) > 0 })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: the majority %s of the split %s, where every peer proposes, did not decide instance 0 within 2s", nameList(w, majority), split)
		}
		r.Check(w.RunFor(500 * time.Millisecond))
		requireOnly(0, majority, split)
		w.Heal()
		g.waitAllDecided(r, []int{0}, w.Now()+2*time.Second)

		s = shuffled()
		majority, minority := s[:3], s[3:]
		r.Check(w.Partition(majority, minority))
		split = fmt.Sprintf("%s | %s", nameList(w, majority), nameList(w, minority))
		g.startAt(w.Now(), minority[0], 1, "v1")
		r.Check(w.RunFor(500 * time.Millisecond))
		requireNone(1, split)
		moved := append([]sim.NodeID{minority[0]}, majority[:2]...)
		r.Check(w.Partition(moved, []sim.NodeID{majority[2], minority[1]}))
		g.waitDecided(r, 1, 1, w.Now()+2*time.Second)
		requireOnly(1, moved, "after the move")
		w.Heal()
		g.waitAllDecided(r, []int{1}, w.Now()+2*time.Second)
	})
}

// TestDeafStaysDeaf: five peers; one is deaf (every link into it cut; it
// can still send); every peer starts instances 0-2 with its own value,
// the deaf one only 0 and 1. The others decide them, and the peer stays
// deaf 1s to 3s longer; it cannot hear, so it must not report any of
// them decided while deaf. Then it hears again, and knows all three
// within 2s: instance 2 unasked, so the peers that decided it must go on
// telling it however long it was deaf.
//
//lab:points 1
//lab:part B
func TestDeafStaysDeaf(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		g := newPeerGroup(w, 5)
		rng := w.Rand("faults")
		deaf := g.ids[rng.IntN(5)]
		for _, from := range g.ids {
			if from != deaf {
				r.Check(w.Cut(from, deaf))
			}
		}
		deafFor := between(rng, time.Second, 3*time.Second)
		for seq := range 3 {
			for _, id := range g.ids {
				if seq == 2 && id == deaf {
					continue
				}
				g.startAt(between(rng, 0, 100*time.Millisecond), id, seq, fmt.Sprintf("s%d-%s", seq, w.Name(id)))
			}
		}
		var others []sim.NodeID
		for _, id := range g.ids {
			if id != deaf {
				others = append(others, id)
			}
		}
		g.waitKnown(r, others, seqRange(0, 3), false, time.Second, "with four of five peers connected")
		r.Check(w.Run(deafFor))
		if d := g.deciders(0); slices.Contains(d, deaf) {
			r.Fatalf("%s reports instance 0 decided while deaf: no message could reach it", w.Name(deaf))
		}
		for seq := range 3 {
			if fate, v := g.peer(deaf).Status(seq); fate.String() != "Pending" {
				r.Fatalf("%s: Status(%d) = %v %q while deaf: no message could reach it, so it cannot know", w.Name(deaf), seq, fate, v)
			}
		}
		w.Heal()
		g.waitAllDecided(r, seqRange(0, 3), w.Now()+2*time.Second)
	})
}

// TestMessageCountConcurrent: the message bound with concurrent
// proposers. Three peers on a reliable network; for each of instances
// 0-9, one after the other, all three peers start it at once with
// different values. The randomized backoff must keep the duel short: all
// agreements together take at most 12 rpc calls per peer per agreement
// (360 in all), where a lone proposer needs 3.
//
//lab:points 1
//lab:part B
func TestMessageCountConcurrent(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		stats := rpc.Observe(w)
		g := newPeerGroup(w, 3)
		const instances = 10
		for seq := range instances {
			now := w.Now()
			for _, id := range g.ids {
				g.startAt(now, id, seq, fmt.Sprintf("v%d-%s", seq, w.Name(id)))
			}
			g.waitAllDecided(r, []int{seq}, now+5*time.Second)
		}
		limit := uint64(instances * 12 * len(g.ids))
		if c := stats.Total(); c.Calls > limit {
			r.Fatalf("MESSAGES: %d agreements, each started by all %d peers at once, took %d calls; want at most %d (12 per peer per agreement)\n    per method: %s",
				instances, len(g.ids), c.Calls, limit, methodCounts(stats))
		}
		r.Logf("%d calls", stats.Total().Calls)
	})
}
