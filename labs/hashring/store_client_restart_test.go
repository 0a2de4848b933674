package hashring_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestStoreClientRestart: a client whose node crashes and restarts goes
// on numbering its operations where it stopped, so its next writes take
// effect. Two servers serve a lossy network; client c1 Appends two
// values to a key of its own, and once both are acknowledged its node
// crashes and restarts (a new Client, from NewClient), four times; the
// last incarnation reads the key back. A client that numbers a new
// incarnation's operations from 1 again has them acknowledged and never
// applied, as copies of writes already applied: the read misses them.
// Every check of TestStoreJoinLeave holds, and the operations are
// linearizable.
//
//lab:points 2
func TestStoreClientRestart(t *testing.T) {
	kit.Sweep(t, 10, func(r *kit.Run) {
		plan := storePlan{
			servers:  2,
			steps:    [][]int{{1, 2}},
			at:       []time.Duration{0},
			net:      sim.NetConfig{Latency: time.Millisecond, Jitter: 5 * time.Millisecond, Loss: 0.05, Duplicate: 0.05},
			deadline: 30 * time.Second,
		}
		s := buildStore(r, r.World(sim.Options{Net: plan.net}), plan)
		rc := &restartingClient{run: s, key: ownKey(0, 0), incarnations: 5, appends: 2}
		id := s.w.MustAddNode("c1", func() sim.Node { return &restartingNode{rc: rc} })
		for rc.inc = 1; rc.inc <= rc.incarnations; rc.inc++ {
			done, err := s.w.RunUntil(plan.deadline, func() bool { return rc.acked == rc.inc*rc.appends })
			r.Check(err)
			if !done {
				r.Fatalf("LIVENESS: c1 (incarnation %d) has not finished its operations by %v: %d of %d writes acknowledged", rc.inc, plan.deadline, rc.acked, rc.inc*rc.appends)
			}
			if rc.inc < rc.incarnations {
				r.Check(s.w.Crash(id))
				r.Check(s.w.Restart(id))
			}
		}
		rc.inc = rc.incarnations
		_, err := s.w.RunUntil(plan.deadline, func() bool { return rc.read })
		r.Check(err)
		if !rc.read {
			r.Fatalf("LIVENESS: c1's last incarnation has not read %s back by %v", rc.key, plan.deadline)
		}
		if rc.got != rc.want {
			r.Fatalf("LOST WRITE: c1 read %s = %q after %d incarnations, want %q: every Append was acknowledged; those missing were sent by an incarnation after the first (a restarted client whose operations reuse the numbers of the ones before them has them acknowledged as copies of writes already applied, and never applied)",
				rc.key, rc.got, rc.incarnations, rc.want)
		}
		r.CheckKV(s.h)
		r.Logf("c1 read %s = %q after %d incarnations", rc.key, rc.got, rc.incarnations)
	})
}

// restartingClient is what the test keeps of client c1 across its
// incarnations.
type restartingClient struct {
	run          *storeRun
	key          string
	incarnations int    // how many incarnations run
	appends      int    // Appends each incarnation runs
	inc          int    // the incarnation running, from 1
	acked        int    // Appends acknowledged, over every incarnation
	want         string // what they leave, in order
	read         bool   // the last incarnation has read the key back
	got          string
}

// restartingNode is one incarnation of c1: it Appends its values, then,
// in the last incarnation, reads the key.
type restartingNode struct {
	rc  *restartingClient
	env sim.Env
	c   *hashring.Client
}

func (n *restartingNode) Start(env sim.Env) {
	n.env = env
	n.c = hashring.NewClient(env, n.rc.run.ctl)
	n.next(0)
}

func (n *restartingNode) Receive(sim.Env, sim.NodeID, any) {}

// next runs operation i of this incarnation.
func (n *restartingNode) next(i int) {
	rc, s := n.rc, n.rc.run
	if i == rc.appends {
		if rc.inc == rc.incarnations {
			op := s.h.Call(0, kit.KVInput{Op: kit.Get, Key: rc.key}, n.env.Now())
			n.c.Get(rc.key, func(v string) {
				s.h.Return(op, kit.KVOutput{Value: v}, n.env.Now())
				rc.got, rc.read = v, true
			})
		}
		return
	}
	value := fmt.Sprintf("i%d.%d;", rc.inc, i+1)
	op := s.h.Call(0, kit.KVInput{Op: kit.Append, Key: rc.key, Value: value}, n.env.Now())
	n.c.Append(rc.key, value, func() {
		s.h.Return(op, kit.KVOutput{}, n.env.Now())
		rc.acked++
		rc.want += value
		n.next(i + 1)
	})
}
