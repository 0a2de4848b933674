package kvpaxos

import "github.com/distlab/distlab/sim"

// BEGIN SOLUTION
// TODO: the handler of clerk requests. An operation the server already
// applied is answered at once, from what the server remembers about the
// client; any other waits until it is applied. Do not answer from the
// data directly: a server cut off from the others may be behind.

// request is a clerk's request waiting for its operation to be applied.
type request struct {
	op    Op
	reply func(OpReply)
}

// lastOp is the last operation applied for a client, and its result.
type lastOp struct {
	Seq   uint64
	Value string
}

// handleOp takes a clerk's request.
func (s *Server) handleOp(from sim.NodeID, args OpArgs, reply func(OpReply)) {
	op := args.Op
	if last, ok := s.clients[op.Client]; ok && op.Seq <= last.Seq {
		if op.Seq == last.Seq {
			reply(OpReply{Value: last.Value}) // a retry of an applied operation
		}
		return
	}
	for _, r := range s.waiting {
		if r.op.Client == op.Client {
			r.op, r.reply = op, reply // a retry: answer the latest call
			return
		}
	}
	s.waiting = append(s.waiting, &request{op: op, reply: reply})
	s.propose()
}

// answer replies to the waiting request of client, if its operation is
// applied now, and drops it from the waiting list.
func (s *Server) answer(client uint64) {
	last := s.clients[client]
	for i, r := range s.waiting {
		if r.op.Client != client || r.op.Seq > last.Seq {
			continue
		}
		if r.op.Seq == last.Seq {
			r.reply(OpReply{Value: last.Value})
		}
		s.waiting = append(s.waiting[:i], s.waiting[i+1:]...)
		return
	}
}

// END SOLUTION
