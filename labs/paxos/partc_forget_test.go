package paxos_test

import (
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// TestKVForgetsLog: three servers and three clients on a reliable
// network, for 2s of operations (hundreds of log instances), then the
// final reads and a quiet second. Every server applied the whole log, so
// nearly all of it must be forgotten: each server's Paxos peer retains at
// most 10 instances, and its storage holds at most 40 keys.
//
//lab:points 3
//lab:part C
func TestKVForgetsLog(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		c := newKVCluster(w, 3, 3, []string{"a", "b", "c"}, 2*time.Second)
		c.finish(r, 5*time.Second)
		c.requireCompleted(r, 100)
		r.Check(w.RunFor(time.Second))
		for _, id := range c.servers {
			s := c.server(id)
			if s == nil || s.Paxos() == nil {
				r.Fatalf("server %s has no Paxos peer", w.Name(id))
			}
			px := s.Paxos()
			r.Logf("%s: retained %d, min %d, max %d, storage keys %d", w.Name(id), px.Retained(), px.Min(), px.Max(), len(w.Storage(id).Keys("")))
			if n := px.Retained(); n > 10 {
				r.Fatalf("FORGETTING broken: server %s's peer retains %d instances (Min %d, Max %d) after %d operations, all applied by every server",
					w.Name(id), n, px.Min(), px.Max(), c.history.Completed())
			}
			if n := len(w.Storage(id).Keys("")); n > 40 {
				r.Fatalf("FORGETTING broken: server %s's storage holds %d keys after %d operations, all applied by every server: the log is not freed",
					w.Name(id), n, c.history.Completed())
			}
		}
	})
}
