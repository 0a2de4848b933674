// The life of a message, part one: from Env.Send onto the network. A node
// calls Send; the world checks and copies the message, reports the send,
// and the network either drops it (a cut link, random loss) or schedules
// its arrival after a random delay, maybe twice (duplication). Part two,
// from arrival to the node's Receive or a library's hook, is deliver.go.

package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Send carries out Env.Send. A crashed incarnation's sends do nothing.
func (e *nodeEnv) Send(to NodeID, msg any) {
	if !e.live() {
		return
	}
	e.w.send(e.n, to, msg)
}

// send checks and copies a message that node n sends to node to, reports
// the send, and hands the copy to the network. A send the node cannot
// make (an unknown node, a nil message, a message that could not cross a
// real network, too many sends from one handler) ends the run.
func (w *World) send(n *node, to NodeID, msg any) {
	if !w.valid(to) {
		panic(usagef("send to unknown node %d (the world has %d nodes)", to, len(w.nodes)))
	}
	if msg == nil {
		panic(usagef("send of a nil message to %s", w.Name(to)))
	}
	cp, h, err := copyMessage(msg)
	if err != nil {
		panic(usageError{err})
	}
	w.countSend(n)
	w.stats.Sends++
	w.report(KindSend, n.id, to, cp, h, "")
	w.transmit(n, to, cp, h)
}

// transmit puts a copied message on the network: it is cut, lost, or
// scheduled for delivery, maybe twice. The random draws come from the
// sender's network stream, so they do not depend on what nodes draw.
func (w *World) transmit(n *node, to NodeID, msg any, h uint64) {
	if w.links.cut(n.id, to) {
		w.stats.Dropped++
		w.report(KindDrop, n.id, to, msg, h, DropCut)
		return
	}
	r := n.netRand
	k := w.faults.message() // the message's ordinal, for a FaultPlan
	if w.faults.lose(chance(r, w.net.Loss), k) {
		w.stats.Dropped++
		w.report(KindDrop, n.id, to, msg, h, DropLoss)
		return
	}
	w.deliverLater(n, to, msg, h, w.faults.delay(w.net.delay(r)))
	if w.faults.duplicate(chance(r, w.net.Duplicate), k) {
		w.stats.Duplicated++
		w.report(KindDuplicate, n.id, to, msg, h, "")
		w.deliverLater(n, to, recopy(msg), h, w.faults.delay(w.net.delay(r)))
	}
}

// msgSlot holds a message in flight, for the evDeliver event that points
// at it.
type msgSlot struct {
	msg  any
	hash uint64
	from NodeID
}

// deliverLater schedules the arrival of msg at node to after delay d.
func (w *World) deliverLater(n *node, to NodeID, msg any, h uint64, d time.Duration) {
	var slot int32
	if k := len(w.freeMsgs); k > 0 {
		slot = w.freeMsgs[k-1]
		w.freeMsgs = w.freeMsgs[:k-1]
	} else {
		slot = int32(len(w.msgs))
		w.msgs = append(w.msgs, msgSlot{})
	}
	w.msgs[slot] = msgSlot{msg: msg, hash: h, from: n.id}
	n.inflight++
	// The message is for the receiver's running incarnation, or, if it is
	// down, for the one that a restart will bring up: it is dropped if
	// that incarnation is not the one running when it arrives.
	r := w.nodes[to]
	inc := r.inc
	if !r.up {
		inc++
	}
	w.push(event{at: w.now + d, kind: evDeliver, node: to, inc: inc, slot: slot})
}

// takeMsg frees a message slot whose event left the queue.
func (w *World) takeMsg(slot int32) msgSlot {
	m := w.msgs[slot]
	w.msgs[slot] = msgSlot{}
	w.freeMsgs = append(w.freeMsgs, slot)
	w.nodes[m.from].inflight--
	return m
}

// Dist is the distribution of a message's random extra delay.
type Dist uint8

const (
	// Uniform draws the extra delay uniformly from [0, Jitter].
	Uniform Dist = iota
	// Exponential draws it from an exponential distribution with mean
	// Jitter, cut off at 10*Jitter: most messages are quick, a few are
	// very late.
	Exponential
)

func (d Dist) String() string {
	switch d {
	case Uniform:
		return "uniform"
	case Exponential:
		return "exponential"
	}
	return fmt.Sprintf("dist(%d)", uint8(d))
}

// NetConfig describes the network of a world. The zero value is a perfect
// network that delivers every message at once, in order.
//
// Reordering is not a separate knob: it falls out of random delays, since a
// message drawn a longer delay arrives after one sent later.
type NetConfig struct {
	Latency   time.Duration // minimum one-way delay of every message
	Jitter    time.Duration // scale of the random extra delay on top of Latency
	Dist      Dist          // distribution of the extra delay
	Loss      float64       // probability in [0, 1] that a message is lost
	Duplicate float64       // probability in [0, 1] that a message is delivered twice
}

// Validate reports the first setting that is out of range.
func (c NetConfig) Validate() error {
	switch {
	case c.Latency < 0:
		return fmt.Errorf("sim: network latency %v is negative", c.Latency)
	case c.Jitter < 0:
		return fmt.Errorf("sim: network jitter %v is negative", c.Jitter)
	case c.Dist > Exponential:
		return fmt.Errorf("sim: unknown delay distribution %d", uint8(c.Dist))
	case !(c.Loss >= 0 && c.Loss <= 1): // also rejects NaN
		return fmt.Errorf("sim: loss rate %v is outside [0,1]", c.Loss)
	case !(c.Duplicate >= 0 && c.Duplicate <= 1):
		return fmt.Errorf("sim: duplication rate %v is outside [0,1]", c.Duplicate)
	case c.Latency > time.Hour || c.Jitter > time.Hour:
		return fmt.Errorf("sim: network delay above an hour (latency %v, jitter %v)", c.Latency, c.Jitter)
	}
	return nil
}

// String prints every parameter, so that a failure report states exactly
// what the network did.
func (c NetConfig) String() string {
	return fmt.Sprintf("latency=%v jitter=%v(%v) loss=%v dup=%v",
		c.Latency, c.Jitter, c.Dist, c.Loss, c.Duplicate)
}

// delay draws one message's delay from r.
func (c *NetConfig) delay(r *rand.PCG) time.Duration {
	if c.Jitter == 0 {
		return c.Latency
	}
	switch c.Dist {
	case Exponential:
		x := -math.Log(1-float64From(r.Uint64())) * float64(c.Jitter)
		return c.Latency + time.Duration(min(x, 10*float64(c.Jitter)))
	default:
		return c.Latency + time.Duration(r.Uint64()%uint64(c.Jitter+1))
	}
}

// chance reports true with probability p, drawing from r only when p is
// strictly between 0 and 1.
func chance(r *rand.PCG, p float64) bool {
	if p <= 0 {
		return false
	}
	if p >= 1 {
		return true
	}
	return float64From(r.Uint64()) < p
}

// SwarmNet draws the network parameters of swarm mode from seed: a latency
// of 0.1ms to 5ms, jitter up to 20ms with either distribution, loss up to
// 30% (none in a third of the seeds) and duplication up to 10% (none in
// half of them). The same seed always draws the same network.
func SwarmNet(seed int64) NetConfig {
	r := rand.New(newPCG(seed, streamSwarm))
	c := NetConfig{
		Latency: 100*time.Microsecond + time.Duration(r.Int64N(int64(4900*time.Microsecond))),
		Jitter:  time.Duration(r.Int64N(int64(20 * time.Millisecond))),
		Dist:    Dist(r.IntN(2)),
	}
	if r.IntN(3) > 0 {
		c.Loss = math.Round(r.Float64()*0.30*1000) / 1000
	}
	if r.IntN(2) > 0 {
		c.Duplicate = math.Round(r.Float64()*0.10*1000) / 1000
	}
	return c
}
