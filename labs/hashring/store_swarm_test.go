package hashring_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// The phases of TestStoreSwarm.
const (
	swarmChaos    = 10 * time.Second // faults and configuration changes until then
	swarmWork     = 11 * time.Second // clients run random operations until then
	swarmFinal    = 12 * time.Second // and read back every key from then on
	swarmReady    = 5 * time.Second  // every server at the last configuration within this of the heal
	swarmDeadline = 25 * time.Second // every client done by then
)

// TestStoreSwarm: the seed draws everything (the style of TigerBeetle's
// VOPR): 1 to 7 servers; 3 to 12 configurations of any non-empty set of
// them, some in quick succession, so that a configuration arrives while
// servers are still moving keys for the one before; servers down from
// the start; the network (sim's swarm mode: latency, jitter, loss and
// duplication); 1 to 4 clients with their keys and their mix of
// operations; and 10 virtual seconds of faults: server crashes and
// restarts, pauses of up to a second (clients and the controller too),
// partitions (a minority against a majority, even splits, three groups),
// one-way cuts, and heals. What it drew is in the seed's log (-v, and
// above every failure). Every check of the other store tests holds, at
// every event where it can: a server serves a key only as its owner in
// the last configuration it reported Ready for, and moves forward only;
// FetchReplies carry only keys that move from sender to caller; no
// acknowledged write is lost or applied twice; the history is
// linearizable. At 10s the network heals (every link back, no more
// losses) and every server is up: within 5s every server has reported
// Ready for the last configuration, every client finishes by 25s, and
// every key the clients wrote has exactly one server that serves it, its
// owner in the last configuration.
//
//lab:points 8
func TestStoreSwarm(t *testing.T) {
	kit.Sweep(t, 10, func(r *kit.Run) {
		rng := r.Rand("swarm")
		plan, downFromStart := drawSwarmPlan(rng)
		w := r.World(sim.Options{Swarm: true})
		s := buildStore(r, w, plan)
		probe := &prober{}
		probeID := w.MustAddNode("probe", func() sim.Node { return probe })
		var nodes []sim.NodeID // every node faults may hit
		for _, id := range w.Nodes() {
			if id != probeID {
				nodes = append(nodes, id)
			}
		}
		var down []string
		for _, n := range downFromStart {
			id := s.servers[n-1]
			r.Check(w.Crash(id))
			down = append(down, w.Name(id))
		}
		faults := drawStoreFaults(rng, s, nodes, swarmChaos)
		r.Logf("swarm drew %d servers (down from the start: %v), network %s, %d clients (%d preloaded keys, %d hot keys, mix %v), configurations:%s\n    and %d faults:%s",
			plan.servers, down, w.Net(), plan.clients, plan.preload, plan.hot, plan.mix, s.describeSteps(), len(faults), faults)
		faults.Install(w)

		_, err := w.RunUntil(swarmChaos, func() bool { return false })
		r.Check(err)
		w.Heal()
		for _, id := range nodes {
			switch {
			case !w.Up(id):
				r.Check(w.Restart(id))
			case w.Paused(id):
				r.Check(w.Resume(id))
			}
		}
		net := w.Net()
		net.Loss = 0
		r.Check(w.SetNet(net))
		last := len(s.configs) - 1
		ok, err := w.RunUntil(swarmChaos+swarmReady, func() bool {
			for _, id := range s.servers {
				if s.at[id] < last {
					return false
				}
			}
			return true
		})
		r.Check(err)
		if !ok {
			var behind []string
			for _, id := range s.servers {
				if s.at[id] < last {
					behind = append(behind, fmt.Sprintf("%s at %d", w.Name(id), s.at[id]))
				}
			}
			r.Fatalf("LIVENESS: %v after the heal at %s, servers have not reported Ready for the last configuration, %d: %s; configurations ready: %s",
				swarmReady, sim.FormatTime(swarmChaos), last, strings.Join(behind, ", "), s.readiness())
		}
		r.Check(s.run())
		s.checkLive()
		s.checkWritesReadable()
		r.CheckKV(s.h)
		s.checkOneOwner(probe)
		r.Logf("%d operations; %s", len(s.ops), s.readiness())
	})
}

// drawSwarmPlan draws the store of TestStoreSwarm, and the servers down
// from the start.
func drawSwarmPlan(rng *rand.Rand) (storePlan, []int) {
	n := 1 + rng.IntN(7)
	clients := 1 + rng.IntN(4)
	plan := storePlan{
		servers:  n,
		clients:  clients,
		preload:  rng.IntN(201) * clients / 4, // up to 50 per client: each reads back its share one key at a time
		hot:      2 + rng.IntN(7),
		work:     swarmWork,
		final:    swarmFinal,
		deadline: swarmDeadline,
	}
	// At least three Gets of hot keys for every ten operations: appends
	// with few reads between them make the linearizability check search
	// through every order of the appends.
	a := 1 + rng.IntN(5)
	plan.mix = [2]int{a, a + 3 + rng.IntN(3)}
	subset := func() []int {
		var out []int
		for len(out) == 0 {
			for i := 1; i <= n; i++ {
				if rng.IntN(2) == 0 {
					out = append(out, i)
				}
			}
		}
		return out
	}
	plan.steps = [][]int{subset()}
	plan.at = []time.Duration{0}
	t := time.Duration(0)
	for range 2 + rng.IntN(11) {
		if rng.IntN(3) == 0 {
			t += time.Duration(1+rng.IntN(100)) * time.Millisecond // while the last move may be in flight
		} else {
			t += time.Duration(100+rng.IntN(1500)) * time.Millisecond
		}
		if t >= swarmChaos {
			break
		}
		plan.steps = append(plan.steps, subset())
		plan.at = append(plan.at, t)
	}
	var down []int
	for i := 1; i <= n; i++ {
		if rng.IntN(6) == 0 {
			down = append(down, i)
		}
	}
	return plan, down
}

// describeSteps prints the configurations: "\n      0s: s1 s3".
func (s *storeRun) describeSteps() string {
	var b strings.Builder
	for num := 1; num < len(s.configs); num++ {
		var names []string
		for _, m := range s.configs[num].Members {
			names = append(names, m.Name)
		}
		fmt.Fprintf(&b, "\n      %10s  %d: %s", sim.FormatTime(s.plan.at[num-1]), num, strings.Join(names, " "))
	}
	return b.String()
}

// checkOneOwner asks every server, through the probe node, for every key
// the clients wrote: exactly one must serve it, its owner in the last
// configuration; the others answer ErrWrongOwner.
func (s *storeRun) checkOneOwner(p *prober) {
	s.r.T().Helper()
	written := map[string]bool{}
	for _, op := range s.ops {
		if op.input.Op != kit.Get {
			written[op.input.Key] = true
		}
	}
	keys := make([]string, 0, len(written))
	for k := range written {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	answers := map[string][]string{} // key -> servers that served it
	asked := 0
	for _, key := range keys {
		for _, id := range s.servers {
			asked++
			p.get(id, key, func(served bool) {
				if served {
					answers[key] = append(answers[key], s.w.Name(id))
				}
				asked--
			})
		}
	}
	ok, err := s.w.RunUntil(s.w.Now()+5*time.Second, func() bool { return asked == 0 })
	s.r.Check(err)
	if !ok {
		s.r.Fatalf("LIVENESS: %d Gets of the probe, sent to every server for every written key on a healed network, got no answer within 5s", asked)
	}
	last := s.rings[len(s.rings)-1]
	for _, key := range keys {
		owner, _ := last.Owner(key)
		if got := answers[key]; len(got) != 1 || got[0] != owner {
			s.r.Fatalf("OWNERS: once every server reported Ready for the last configuration, %d, key %q was served by %v; want exactly its owner there, %s\n    owners of %q: %s",
				len(s.configs)-1, key, got, owner, key, s.ownerHistory(key))
		}
	}
}

// prober is a node that asks servers for keys directly.
type prober struct{ env sim.Env }

func (p *prober) Start(env sim.Env)                { p.env = env }
func (p *prober) Receive(sim.Env, sim.NodeID, any) {}

// get asks server id for key until it answers, and reports whether it
// served it.
func (p *prober) get(id sim.NodeID, key string, done func(served bool)) {
	hashring.Op.Call(p.env, id, hashring.OpArgs{Kind: hashring.OpGet, Key: key}, hashring.CallTimeout, func(r hashring.OpReply, err error) {
		switch {
		case err != nil || r.Err == hashring.ErrNotReady:
			p.env.After(hashring.RetryDelay, func() { p.get(id, key, done) })
		default:
			done(r.Err == "")
		}
	})
}
