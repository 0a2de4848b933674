package hashring_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/sim"
)

// preloadKey and hotKey name the keys of the workload (see also
// storePlan.hotKey), ownKey the keys only client c (from 0) writes.
func preloadKey(i int) string { return fmt.Sprintf("p%03d", i) }
func hotKey(i int) string     { return fmt.Sprintf("h%d", i) }
func ownKey(c, i int) string  { return fmt.Sprintf("o%d.%d", c+1, i) }

// hotKey returns the name of hot key i: plan.hotNames[i] if the plan names
// its hot keys, else h0, h1, ...
func (p storePlan) hotKey(i int) string {
	if p.hotNames != nil {
		return p.hotNames[i]
	}
	return hotKey(i)
}

// workload is a client node: it writes its share of the preload keys,
// runs random operations until plan.work, then reads back its share of
// every key, recording each operation in the history.
type workload struct {
	run      *storeRun
	idx      int
	env      sim.Env
	c        *hashring.Client
	rng      *rand.Rand
	phase    int // 0 preload, 1 random, 2 final reads, 3 finished
	next     int // position within the phase
	appends  int
	writes   int               // writes to its own keys so far, which name their values
	ownRead  int               // own keys read back at the end so far
	own      map[string]string // own key -> the value its acknowledged writes, in order, leave
	pending  int               // index in run.ops of the operation in progress, or -1
	finished bool
}

func (c *workload) Start(env sim.Env) {
	c.env = env
	c.rng = env.Rand()
	c.c = hashring.NewClient(env, c.run.ctl)
	c.pending = -1
	c.step()
}

func (c *workload) Receive(sim.Env, sim.NodeID, any) {}

// step starts the client's next operation.
func (c *workload) step() {
	plan := c.run.plan
	switch c.phase {
	case 0: // preload: keys idx, idx+clients, ...
		i := c.idx + c.next*plan.clients
		if i >= plan.preload {
			c.phase, c.next = 1, 0
			c.step()
			return
		}
		c.next++
		c.put(preloadKey(i), "v"+preloadKey(i))
	case 1: // random operations
		if c.env.Now() >= plan.work || (plan.hot == 0 && plan.own == 0) {
			c.phase, c.next = 2, 0
			c.step()
			return
		}
		if plan.own > 0 {
			c.ownOp()
			return
		}
		appends, hotGets := 5, 8 // of 10: appends, then Gets of hot keys, then Gets of preloaded keys
		if plan.mix != [2]int{} {
			appends, hotGets = plan.mix[0], plan.mix[1]
		}
		switch x := c.rng.IntN(10); {
		case x < appends:
			c.appends++
			c.appendTo(plan.hotKey(c.rng.IntN(plan.hot)), fmt.Sprintf("c%d.%d;", c.idx+1, c.appends))
		case x < hotGets || plan.preload == 0:
			c.get(plan.hotKey(c.rng.IntN(plan.hot)), false)
		default:
			c.get(preloadKey(c.rng.IntN(plan.preload)), false)
		}
	case 2: // final reads of keys idx, idx+clients, ... of preload, then hot
		if wait := plan.final - c.env.Now(); wait > 0 {
			c.env.After(wait, c.step)
			return
		}
		i := c.idx + c.next*plan.clients
		c.next++
		switch {
		case i < plan.preload:
			c.get(preloadKey(i), true)
		case i < plan.preload+plan.hot:
			c.get(plan.hotKey(i-plan.preload), true)
		case c.ownRead < plan.own: // then its own keys
			c.ownRead++
			c.getOwn(ownKey(c.idx, c.ownRead-1), true)
		default:
			c.phase = 3
			c.finished = true
		}
	}
}

// ownOp runs a random operation on one of the client's own keys: a Put
// of a fresh value (3 in 10), an Append (4 in 10) or a Get (3 in 10). Nobody else
// writes the key and the client runs one operation at a time, so its
// value is exactly what the client's acknowledged writes leave, in order
// (c.own), and every Get must return that.
func (c *workload) ownOp() {
	key := ownKey(c.idx, c.rng.IntN(c.run.plan.own))
	if c.own == nil {
		c.own = map[string]string{}
	}
	switch x := c.rng.IntN(10); {
	case x < 3:
		c.writes++
		value := fmt.Sprintf("c%d.put%d;", c.idx+1, c.writes)
		op := c.begin(kit.KVInput{Op: kit.Put, Key: key, Value: value}, false)
		c.c.Put(key, value, func() { c.own[key] = value; c.end(op, "") })
	case x < 7:
		c.writes++
		value := fmt.Sprintf("c%d.app%d;", c.idx+1, c.writes)
		op := c.begin(kit.KVInput{Op: kit.Append, Key: key, Value: value}, false)
		c.c.Append(key, value, func() { c.own[key] += value; c.end(op, "") })
	default:
		c.getOwn(key, false)
	}
}

// begin records the call of an operation.
func (c *workload) begin(in kit.KVInput, final bool) int {
	s := c.run
	s.h.Call(c.idx, in, c.env.Now())
	s.ops = append(s.ops, opRecord{client: c.idx, input: in, call: c.env.Now(), ret: -1, final: final})
	c.pending = len(s.ops) - 1
	return c.pending
}

// end records the return of an operation and starts the next.
func (c *workload) end(op int, value string) {
	s := c.run
	s.h.Return(op, kit.KVOutput{Value: value}, c.env.Now())
	s.ops[op].ret = c.env.Now()
	s.ops[op].value = value
	c.pending = -1
	c.step()
}

func (c *workload) put(key, value string) {
	op := c.begin(kit.KVInput{Op: kit.Put, Key: key, Value: value}, false)
	c.c.Put(key, value, func() { c.end(op, "") })
}

func (c *workload) appendTo(key, value string) {
	op := c.begin(kit.KVInput{Op: kit.Append, Key: key, Value: value}, false)
	c.c.Append(key, value, func() { c.end(op, "") })
}

func (c *workload) get(key string, final bool) {
	op := c.begin(kit.KVInput{Op: kit.Get, Key: key}, final)
	c.c.Get(key, func(v string) { c.end(op, v) })
}

// getOwn reads one of the client's own keys, noting the value it must
// return.
func (c *workload) getOwn(key string, final bool) {
	c.get(key, final)
	op := &c.run.ops[len(c.run.ops)-1]
	op.own, op.want = true, c.own[key]
}
