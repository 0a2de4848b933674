package kvpaxos

import "github.com/distlab/distlab/paxos"

// BEGIN SOLUTION
// TODO: the log. Every tick, apply the decided instances in order, without
// skipping any; propose the oldest waiting operation for the next
// instance; and if the next instance is decided elsewhere (a later one is
// under way), or under way but undecided here for a while, propose a no-op
// there to learn its value. Execute each client's
// operation once (client id and sequence number), save what is durable,
// then call Done.

// tick applies what is decided and proposes what is waiting.
func (s *Server) tick() {
	s.applyDecided()
	s.propose()
	s.env.After(tickInterval, s.tick)
}

// applyDecided applies the decided instances that follow the last applied
// one, in order.
func (s *Server) applyDecided() {
	for {
		fate, v := s.px.Status(s.applied + 1)
		if fate != paxos.Decided {
			return
		}
		s.apply(s.applied+1, v)
	}
}

// propose proposes the oldest waiting operation for the next instance, or
// a no-op to learn its value: at once if the peer has heard of a later
// instance (a server proposes for an instance only once it applied the
// one before, so the next one is decided somewhere), or if the peer has
// heard of the next one itself and it stayed undecided here for a while.
func (s *Server) propose() {
	next := s.applied + 1
	switch {
	case len(s.waiting) > 0:
		s.px.Start(next, s.waiting[0].op.encode())
	case s.px.Max() > next:
		s.px.Start(next, noop) // catching up
	case s.px.Max() == next && s.env.Now()-s.appliedAt >= catchUpAfter:
		s.px.Start(next, noop)
	}
}

// apply applies instance seq, which decided value v.
func (s *Server) apply(seq int, v string) {
	if v != noop {
		op := decodeOp(v)
		if last, ok := s.clients[op.Client]; !ok || op.Seq > last.Seq {
			s.clients[op.Client] = lastOp{Seq: op.Seq, Value: s.execute(op)}
			s.saveClient(op.Client)
		}
		s.answer(op.Client)
	}
	s.applied, s.appliedAt = seq, s.env.Now()
	s.saveApplied()
	s.px.Done(seq)
}

// execute runs op on the data and returns what it read.
func (s *Server) execute(op Op) string {
	switch op.Kind {
	case "Put":
		s.data[op.Key] = op.Value
	case "Append":
		s.data[op.Key] += op.Value
	default:
		return s.data[op.Key]
	}
	s.saveKey(op.Key)
	return ""
}

// END SOLUTION
