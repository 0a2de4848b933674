package paxos_test

import (
	"slices"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// TestKVUnreliable: three servers and five clients on a network that
// loses 10% of messages, duplicates 10% and reorders them, for 4s of
// operations on three keys. Clients retry, and the network delivers
// requests twice: the history must be linearizable and no write applied
// twice; at least 30 operations complete.
//
//lab:points 4
//lab:part C
func TestKVUnreliable(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 5 * time.Millisecond, Dist: sim.Exponential, Loss: 0.1, Duplicate: 0.1}})
		c := newKVCluster(w, 3, 5, []string{"a", "b", "c"}, 4*time.Second)
		c.finish(r, 20*time.Second)
		c.requireCompleted(r, 30)
	})
}

// TestKVPartitions: five servers and five clients, which reach every
// server. For 8s the servers go through periods of 1.5-2.5s in which a
// majority of them is connected (and the others cut off), each followed
// by 0.3-1s of splits that change every 100-400ms (at times with no
// majority at all), while clients run operations on three keys. A server
// cut off from a majority must not answer. The history must be
// linearizable and no write applied twice; in every period in which a
// majority is connected, some operation completes.
//
//lab:points 4
//lab:part C
func TestKVPartitions(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 2 * time.Millisecond, Loss: 0.02}})
		const end = 8 * time.Second
		c := newKVCluster(w, 5, 5, []string{"a", "b", "c"}, end)
		rng := w.Rand("faults")
		type period struct {
			from, to time.Duration
			majority []sim.NodeID
		}
		var periods []period
		for t := time.Duration(0); t < end; {
			split := randomSplit(rng, c.servers)
			for len(split) != 2 {
				split = randomSplit(rng, c.servers)
			}
			next := min(end, t+between(rng, 1500*time.Millisecond, 2500*time.Millisecond))
			w.At(t, func() { w.Partition(split...) })
			periods = append(periods, period{from: t, to: next, majority: split[0]})
			chaosEnd := min(end, next+between(rng, 300*time.Millisecond, time.Second))
			for t = next; t < chaosEnd; t += between(rng, 100*time.Millisecond, 400*time.Millisecond) {
				split := randomSplit(rng, c.servers)
				w.At(t, func() { w.Partition(split...) })
			}
			t = chaosEnd
		}
		w.At(end, w.Heal)
		c.finish(r, end+10*time.Second)
		for _, p := range periods {
			if p.to-p.from < 1500*time.Millisecond {
				continue // cut short by the end of the run
			}
			if c.completedBetween(p.from, p.to) == 0 {
				r.Fatalf("PROGRESS: no operation completed from %s to %s, while servers %s were connected, a majority",
					at(p.from), at(p.to), nameList(w, p.majority))
			}
		}
	})
}

// TestKVCatchUp: three servers and four clients on a reliable network.
// For 1.5s s2 is cut off from the other servers (clients still reach
// it); then s0 is cut off instead, and s2, which missed everything, must
// catch up on the instances it missed before it answers anything. The
// history must be linearizable; some operations complete in each period.
//
//lab:points 2
//lab:part C
func TestKVCatchUp(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		c := newKVCluster(w, 3, 4, []string{"a", "b", "c"}, 3*time.Second)
		s := c.servers
		r.Check(w.Partition([]sim.NodeID{s[2]}, []sim.NodeID{s[0], s[1]}))
		w.At(1500*time.Millisecond, func() { w.Partition([]sim.NodeID{s[0]}, []sim.NodeID{s[1], s[2]}) })
		w.At(3*time.Second, w.Heal)
		c.finish(r, 13*time.Second)
		for _, p := range [][2]time.Duration{{0, 1500 * time.Millisecond}, {1500 * time.Millisecond, 3 * time.Second}} {
			if c.completedBetween(p[0], p[1]) == 0 {
				r.Fatalf("PROGRESS: no operation completed from %s to %s, while two of three servers were connected", at(p[0]), at(p[1]))
			}
		}
	})
}

// TestKVCrashRestart: three servers and four clients, on a network that
// loses 5% of messages, for 5s; a server crashes every 200-600ms and
// restarts 100-500ms later, and at 2s all three crash at once and restart
// 200ms later. A restarted server keeps only what it saved in storage.
// The history must be linearizable, no write applied twice, and at least
// 20 operations complete.
//
//lab:points 4
//lab:part C
func TestKVCrashRestart(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 3 * time.Millisecond, Loss: 0.05}})
		const end = 5 * time.Second
		c := newKVCluster(w, 3, 4, []string{"a", "b", "c"}, end)
		rng := w.Rand("faults")
		crashEvery(w, rng, c.servers, end, 200*time.Millisecond, 600*time.Millisecond, 100*time.Millisecond, 500*time.Millisecond)
		w.At(2*time.Second, func() {
			for _, id := range c.servers {
				if w.Up(id) {
					w.Crash(id)
				}
			}
		})
		w.At(2200*time.Millisecond, func() { restartAll(w, c.servers) })
		w.At(end, func() { restartAll(w, c.servers) })
		c.finish(r, end+15*time.Second)
		c.requireCompleted(r, 20)
	})
}

// TestKVEvenSplit: four servers and three clients, which reach every
// server, on a reliable network, for 2s of operations on three keys. For
// the first second the servers are split into two halves of two (at
// random). A majority of four servers is three: neither half can get
// anything decided, so no operation may complete before the network heals
// at 1s. Then operations flow again: the history must be linearizable, no
// write applied twice, and at least 30 operations complete.
//
//lab:points 3
//lab:part C
func TestKVEvenSplit(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		const heal = time.Second
		c := newKVCluster(w, 4, 3, []string{"a", "b", "c"}, 2*time.Second)
		rng := w.Rand("faults")
		halves := slices.Clone(c.servers)
		rng.Shuffle(len(halves), func(i, j int) { halves[i], halves[j] = halves[j], halves[i] })
		left, right := halves[:2], halves[2:]
		r.Check(w.Partition(left, right))
		w.At(heal, w.Heal)
		c.finish(r, 12*time.Second)
		if n := c.completedBetween(0, heal); n > 0 {
			r.Fatalf("SAFETY broken: %d operations completed before %s, while the servers were split %s | %s: two of four servers are not a majority (a majority of 4 is 3), so nothing could be decided",
				n, at(heal), nameList(w, left), nameList(w, right))
		}
		c.requireCompleted(r, 30)
	})
}

// TestKVCrashAtWorstMoment: 3 to 5 servers (drawn by the seed) and three
// clients, on a network that loses 5% of messages and duplicates 10%, for
// 4s. A server that just answered a client crashes right then three
// times in ten, and one that just ran a timer (it may have applied
// instances) one time in fifty; it restarts 1-30ms later. What it applied
// (the data, each client's last operation and its result, the last
// instance applied) must have been saved together, before the answer
// left: the history must be linearizable and no write applied twice, and
// at least 10 operations complete, all within 15s of the end.
//
//lab:points 3
//lab:part C
func TestKVCrashAtWorstMoment(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 3 * time.Millisecond, Loss: 0.05, Duplicate: 0.1}})
		const end = 4 * time.Second
		rng := w.Rand("faults")
		c := newKVCluster(w, 3+rng.IntN(3), 3, []string{"a", "b", "c"}, end)
		answered := func(ev sim.Event) bool {
			_, reply := ev.Msg.(rpc.Response)
			return ev.Kind == sim.KindSend && reply && containsID(c.clients, ev.Peer)
		}
		ticked := func(ev sim.Event) bool { return ev.Kind == sim.KindTimer }
		crashAtWorstMoments(w, rng, c.servers, 0.3, end, answered)
		crashAtWorstMoments(w, rng, c.servers, 0.02, end, ticked)
		w.At(end, func() { restartAll(w, c.servers) })
		c.finish(r, end+15*time.Second)
		c.requireCompleted(r, 10)
	})
}

// laggingCluster sets up the scenario of TestKVLaggingServer: three
// servers and nclients clients on a reliable network, for 2.5s (the end
// it returns). Clients c0 to c2 never reach s2 (every link between them is
// cut), and any other client reaches s2 only. For the first second s2 is
// cut off from the other servers too; at 1s the other two crash, and
// restart 50ms later, so that nobody is left to tell s2 what they
// decided; at 1.1s s2 is reconnected to them.
func laggingCluster(r *kit.Run, nclients int) (c *kvCluster, lagger sim.NodeID, end time.Duration) {
	w := r.World(sim.Options{Net: lan})
	end = 2500 * time.Millisecond
	c = newKVCluster(w, 3, nclients, []string{"a", "b", "c"}, end)
	s := c.servers
	lagger = s[2]
	cut := func() {
		for i, cl := range c.clients {
			if i < 3 {
				w.Cut(cl, lagger)
				w.Cut(lagger, cl)
				continue
			}
			for _, other := range s[:2] {
				w.Cut(cl, other)
				w.Cut(other, cl)
			}
		}
	}
	r.Check(w.Partition(s[:2], s[2:]))
	cut()
	w.At(time.Second, func() {
		w.Crash(s[0])
		w.Crash(s[1])
	})
	w.At(1050*time.Millisecond, func() { restartAll(w, s[:2]) })
	w.At(1100*time.Millisecond, func() {
		w.Heal()
		cut()
	})
	return c, lagger, end
}

// TestKVLaggingServer: a server catches up on its own. Three servers and
// three clients that never reach s2, in the scenario of laggingCluster.
// s2 hears of the instances it missed only from the messages of later
// ones, and must learn and apply them: once the workload ends and a quiet
// 3s passes, each server's Paxos peer retains at most 20 instances (the
// log is forgotten only below what every server applied). The history
// must be linearizable.
//
// Then s2 misses one instance more, the last but one: it is cut off from
// the other servers while c0 runs a Put, the other two crash and restart
// (nobody is left to tell s2), and once s2 is reconnected c0 runs a Get,
// the last instance. s2 hears of it, and must learn the one before it on
// its own: within 2s, every server's peer knows every instance up to its
// Max (Decided or Forgotten).
//
//lab:points 2
//lab:part C
func TestKVLaggingServer(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		c, lagger, end := laggingCluster(r, 3)
		w := c.w
		c.finish(r, end+10*time.Second)
		r.Check(w.RunFor(3 * time.Second))
		for _, id := range c.servers {
			px := c.server(id).Paxos()
			if n := px.Retained(); n > 20 {
				r.Fatalf("FORGETTING broken: server %s's peer retains %d instances (Min %d, Max %d) 3s after the workload ended: %s, which no client talks to, did not catch up on the instances it missed, so they cannot be forgotten",
					w.Name(id), n, px.Min(), px.Max(), w.Name(lagger))
			}
		}

		others := c.servers[:2]
		cl := w.Node(c.clients[0]).(*kvClient)
		for _, id := range others {
			r.Check(w.Cut(id, lagger))
			r.Check(w.Cut(lagger, id))
		}
		put := false
		w.At(w.Now(), func() { cl.put("a", "last;", func() { put = true }) })
		ok, err := w.RunUntil(w.Now()+2*time.Second, func() bool { return put })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: c0's Put did not complete within 2s, with %s connected to c0 and to each other on a reliable network", nameList(w, others))
		}
		for _, id := range others {
			r.Check(w.Crash(id))
		}
		r.Check(w.RunFor(50 * time.Millisecond))
		restartAll(w, others)
		r.Check(w.RunFor(50 * time.Millisecond))
		for _, id := range others {
			r.Check(w.Connect(id, lagger))
			r.Check(w.Connect(lagger, id))
		}
		got := false
		w.At(w.Now(), func() { cl.get("a", func(string) { got = true }) })
		ok, err = w.RunUntil(w.Now()+2*time.Second, func() bool { return got })
		r.Check(err)
		if !ok {
			r.Fatalf("LIVENESS broken: c0's Get did not complete within 2s, every server up and connected to the others")
		}
		c.requireCaughtUp(r, w.Now()+2*time.Second)
		c.checkProblems(r)
		r.CheckKV(&c.history)
	})
}

// TestKVLaggingServerServes: TestKVLaggingServer's scenario, with a
// fourth client, c3, that reaches s2 only and calls its first operation
// while s2 is still cut off. When s2 is reconnected, it hears of the
// instances decided since, while c3 waits: s2 must still catch up on the
// instances it missed, in order, and answer c3. Every operation
// completes; the history must be linearizable.
//
//lab:points 2
//lab:part C
func TestKVLaggingServerServes(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		c, _, end := laggingCluster(r, 4)
		c.finish(r, end+10*time.Second)
	})
}
