package paxos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// step is one operation of a scripted test and, for a Get, what it must
// return.
type step struct {
	client     int
	op         kit.KVOp
	key, value string
	want       string
}

// runScript runs steps one after the other, each from its client, and
// fails the run at the first Get that returns something else than wanted,
// or if the steps do not complete by deadline.
func (c *kvCluster) runScript(r *kit.Run, steps []step, deadline time.Duration) {
	r.T().Helper()
	i := 0
	failed := ""
	var run func()
	run = func() {
		if i == len(steps) {
			return
		}
		s := steps[i]
		cl := c.w.Node(c.clients[s.client]).(*kvClient)
		next := func(got string) {
			if s.op == kit.Get && got != s.want {
				failed = fmt.Sprintf("step %d: c%d: Get(%q) returned %q; want %q", i+1, s.client, s.key, got, s.want)
				return
			}
			i++
			run()
		}
		switch s.op {
		case kit.Get:
			cl.get(s.key, next)
		case kit.Put:
			cl.put(s.key, s.value, func() { next("") })
		case kit.Append:
			cl.append(s.key, s.value, func() { next("") })
		}
	}
	c.w.At(c.w.Now(), run)
	ok, err := c.w.RunUntil(deadline, func() bool { return i == len(steps) || failed != "" })
	r.Check(err)
	switch {
	case failed != "":
		r.Fatalf("%s", failed)
	case !ok:
		s := steps[i]
		r.Fatalf("LIVENESS broken: step %d (c%d: %v(%q)) did not complete by %s on a reliable network", i+1, s.client, s.op, s.key, at(deadline))
	}
}

// TestKVBasic: three servers, two clients, a reliable network, and a
// script of Puts, Appends and Gets, one at a time; every Get returns what
// the operations before it wrote, whichever client wrote it. The script
// completes within 2s.
//
//lab:points 4
//lab:part C
func TestKVBasic(t *testing.T) {
	kit.Sweep(t, 20, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		c := newKVCluster(w, 3, 2, []string{"a", "b"}, 0)
		r.Check(w.Run(time.Millisecond))
		c.runScript(r, []step{
			{client: 0, op: kit.Get, key: "a", want: ""},
			{client: 0, op: kit.Put, key: "a", value: "1"},
			{client: 0, op: kit.Get, key: "a", want: "1"},
			{client: 0, op: kit.Append, key: "a", value: "2"},
			{client: 0, op: kit.Get, key: "a", want: "12"},
			{client: 1, op: kit.Get, key: "a", want: "12"},
			{client: 1, op: kit.Put, key: "b", value: "x"},
			{client: 0, op: kit.Append, key: "b", value: "y"},
			{client: 1, op: kit.Append, key: "b", value: "z"},
			{client: 0, op: kit.Get, key: "b", want: "xyz"},
			{client: 1, op: kit.Put, key: "a", value: "3"},
			{client: 0, op: kit.Get, key: "a", want: "3"},
			{client: 0, op: kit.Append, key: "a", value: "4"},
			{client: 1, op: kit.Get, key: "a", want: "34"},
		}, 2*time.Second)
		r.CheckKV(&c.history)
	})
}

// TestKVConcurrent: three servers and five clients on a reliable network,
// each client running Gets, Puts and Appends on three keys for 3s. The
// history must be linearizable, no write applied twice, and at least 100
// operations complete.
//
//lab:points 4
//lab:part C
func TestKVConcurrent(t *testing.T) {
	kit.Sweep(t, 30, func(r *kit.Run) {
		w := r.World(sim.Options{Net: lan})
		c := newKVCluster(w, 3, 5, []string{"a", "b", "c"}, 3*time.Second)
		c.finish(r, 8*time.Second)
		c.requireCompleted(r, 100)
	})
}
