package election_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// safety watches every event of a run and ends it (with a
// sim.InvariantError) the moment one of these breaks:
//
//   - at most one leader per term (Raft's Election Safety);
//   - a node's term never goes down, across its restarts too, in its
//     Status and in the messages it sends;
//   - a node grants its vote in a term to one candidate at most, counting
//     its vote for itself when it asks for votes in that term, across its
//     restarts too, and only in the term the candidate asked for;
//   - a leader of a term voted for itself in it and received grants of
//     that term from enough nodes to make a majority with its own vote;
//   - BecameLeader and SteppedDown say what the node's Status says;
//   - a node that became leader emitted BecameLeader, and names itself as
//     its term's leader, by the end of the handler that made it leader
//     (checked when its next event comes);
//   - a node that does not lead names as the leader of its term only the
//     node that won that term (or nobody);
//   - a node starts an election only once ElectionTimeoutMin has passed
//     since its boot, a heartbeat of its term, a vote it granted, or its
//     own last election (each restarts the election timer);
//   - a leader starts no election: it leads its term until it hears of a
//     higher one, or crashes;
//   - a node that handles a message of a higher term than its own has
//     moved to that term by the end of the handler: every request, and
//     every reply that rpc hands to the call that waits for it (the first
//     copy, within RPCTimeout, to the incarnation that made the call);
//   - a node that handles a heartbeat of its term (or a later one) is, by
//     the end of the handler, a follower of the heartbeat's leader in the
//     heartbeat's term;
//   - only a node that led when its handler began emits SteppedDown;
//   - with watchHeartbeats, a leader sends a heartbeat of its term to
//     every other node in the handler that made it leader, and again
//     within HeartbeatInterval of the last one, for as long as it leads
//     and runs (a pause puts the rounds off until it resumes);
//   - by the end of the handler that sent it, a message's guard is in
//     the sender's Storage: a node restarted from it at that moment (see
//     restartedStatus) would be in the message's term at least, and, after
//     a vote request or a granted vote, with that vote in that term;
//   - between handlers, a node's Status names as its vote in its term
//     only a candidate it granted its vote in that term, or itself once it
//     ran for that term, across its restarts too (a term a node moves to
//     starts with no vote, in its Storage too).
//
// Tests can also forbid new terms for a while (expectQuiet) and leaders
// among some nodes (forbid), and read the leaders' wins and step-downs.
type safety struct {
	w      *sim.World
	ids    []sim.NodeID
	quorum int

	last      []election.Status // per node: its Status at the last look
	restarted []bool            // per node: restarted since the last look
	startedAt []uint64          // per node: index of the event of its last Start, 0 while down
	leaders   map[uint64]sim.NodeID
	grants    map[ballot]sim.NodeID                   // (voter, term): the candidate it voted for
	sent      map[sim.NodeID]sentTerm                 // per node: the highest term it has sent
	received  map[ballot]map[sim.NodeID]bool          // (candidate, term): voters whose grants reached it
	asked     map[call]uint64                         // a VoteArgs call: the term it asked for
	wins      map[sim.NodeID]int                      // BecameLeader events per node
	announced map[sim.NodeID]uint64                   // per node: the term of its last BecameLeader in this incarnation
	calm      map[sim.NodeID]timerReset               // per node: the last event that restarted its election timer
	elected   map[sim.NodeID]uint64                   // per node: the term of its last vote request
	stepDowns map[sim.NodeID]int                      // SteppedDown events per node
	calls     map[sim.NodeID]map[callID]time.Duration // per node: its calls of this incarnation still waiting, and when each was made
	adopt     adoption                                // what the handler of the last event must leave its node at
	before    map[sim.NodeID]election.Status          // per node: its Status when its running handler began
	ran       map[ballot]bool                         // (node, term): the node was seen candidate or leader of the term

	quiet     bool   // a term above quietTerm is an error
	quietTerm uint64 // the term expected to last
	quietWhy  string

	forbidden []sim.NodeID // nodes that must not become leader
	forbidWhy string

	beats map[sim.NodeID]map[sim.NodeID]beat // with watchHeartbeats: per leader that runs, per other node, its next heartbeat's deadline

	guards  []guard               // what the handler running now sent, to be in Storage when it returns
	guarded map[sim.NodeID]uint64 // per node: the highest term a guard required
}

// guard is what a node's Storage must hold once the handler that sent a
// message returns: the message's term (or a later one), and, after a vote
// request or a granted vote, that vote in that term.
type guard struct {
	node sim.NodeID
	term uint64
	vote sim.NodeID // sim.NoNode: the term only
	what string
	to   sim.NodeID
	at   time.Duration
}

// beat is when a leader must send its next heartbeat to one node at the
// latest, and why then.
type beat struct {
	due  time.Duration
	last time.Duration // the last heartbeat, its election or its resume
	why  string        // what happened at last
}

// sentTerm is the highest term a node has put in a message, and where.
type sentTerm struct {
	term  uint64
	what  string        // the message's type
	at    time.Duration // when it was sent
	crash bool          // the node restarted since
}

// ballot names a node's part in one term.
type ballot struct {
	node sim.NodeID
	term uint64
}

// callID names one call of a node: its incarnation, the call's number.
type callID struct {
	epoch uint64
	id    uint64
}

// adoption is a message that its receiver is handling, of a higher term
// than the receiver's or a heartbeat of its term: by the end of the
// handler the receiver's term must be at least the message's, and after
// a heartbeat it must follow the heartbeat's leader in that term.
type adoption struct {
	pending bool
	node    sim.NodeID
	term    uint64          // the message's term
	was     election.Status // the node's Status when the message came
	what    string          // the message's type
	leader  sim.NodeID      // a heartbeat's leader, or sim.NoNode
	from    sim.NodeID
	at      time.Duration
}

// call names an rpc call: the caller, its incarnation, the call's number.
type call struct {
	caller sim.NodeID
	epoch  uint64
	id     uint64
}

// watchSafety installs the checker on w, whose election cluster is ids.
func watchSafety(w *sim.World, ids []sim.NodeID) *safety {
	s := &safety{
		w:         w,
		ids:       ids,
		quorum:    len(ids)/2 + 1,
		last:      make([]election.Status, len(ids)),
		restarted: make([]bool, len(ids)),
		startedAt: make([]uint64, len(ids)),
		leaders:   map[uint64]sim.NodeID{},
		grants:    map[ballot]sim.NodeID{},
		sent:      map[sim.NodeID]sentTerm{},
		received:  map[ballot]map[sim.NodeID]bool{},
		asked:     map[call]uint64{},
		wins:      map[sim.NodeID]int{},
		announced: map[sim.NodeID]uint64{},
		calm:      map[sim.NodeID]timerReset{},
		elected:   map[sim.NodeID]uint64{},
		stepDowns: map[sim.NodeID]int{},
		calls:     map[sim.NodeID]map[callID]time.Duration{},
		before:    map[sim.NodeID]election.Status{},
		ran:       map[ballot]bool{},
		guarded:   map[sim.NodeID]uint64{},
	}
	for i := range s.last {
		s.last[i] = election.Status{Leader: sim.NoNode, VotedFor: sim.NoNode}
	}
	w.Observe(s.observe)
	return s
}

// name returns a node's name, or "nobody" for sim.NoNode.
func (s *safety) name(id sim.NodeID) string {
	if id == sim.NoNode {
		return "nobody"
	}
	return s.w.Name(id)
}

func (s *safety) observe(ev sim.Event) error {
	switch ev.Kind {
	case sim.KindSend, sim.KindDrop, sim.KindDuplicate, sim.KindCustom, sim.KindLog:
		// Events of a handler as it runs.
	default:
		if err := s.checkGuards(); err != nil {
			return err
		}
		if err := s.checkAdopted(ev.Index); err != nil {
			return err
		}
		if err := s.checkVotes(ev.Index); err != nil {
			return err
		}
	}
	switch ev.Kind {
	case sim.KindStart:
		s.startedAt[ev.Node] = ev.Index // Start runs right after this event
		s.dropBeats(ev.Node)
		s.calm[ev.Node] = timerReset{at: ev.Time, kind: resetBoot}
		delete(s.before, ev.Node)
		return nil
	case sim.KindCrash:
		s.startedAt[ev.Node] = 0
		s.dropBeats(ev.Node)
		delete(s.announced, ev.Node)
		delete(s.calls, ev.Node)
	case sim.KindRestart:
		s.startedAt[ev.Node] = 0
		delete(s.announced, ev.Node)
		delete(s.calls, ev.Node)
		s.restarted[ev.Node] = true
		if st, ok := s.sent[ev.Node]; ok {
			st.crash = true
			s.sent[ev.Node] = st
		}
	case sim.KindSend:
		if err := s.checkSend(ev); err != nil {
			return err
		}
	case sim.KindPause:
		s.dropBeats(ev.Node)
	case sim.KindResume:
		s.resumeBeats(ev)
	case sim.KindDeliver:
		if err := s.checkLed(ev); err != nil {
			return err
		}
		s.noteBefore(ev)
		s.noteHeartbeat(ev)
		s.noteDelivery(ev)
		s.noteHigherTerm(ev)
	case sim.KindTimer:
		if err := s.checkLed(ev); err != nil {
			return err
		}
		s.noteBefore(ev)
	}
	for _, id := range s.ids {
		if err := s.look(id, ev); err != nil {
			return err
		}
	}
	if ev.Kind == sim.KindSend {
		s.noteBeat(ev) // after look: the sender may have become leader in this handler
	}
	if err := s.checkBeats(ev); err != nil {
		return err
	}
	if ev.Kind == sim.KindCustom {
		return s.checkEmit(ev)
	}
	return nil
}

// status returns node id's Status, if it is up and its Start has run.
func (s *safety) status(id sim.NodeID, index uint64) (election.Status, bool) {
	if s.startedAt[id] == 0 || index <= s.startedAt[id] {
		return election.Status{}, false
	}
	n, ok := s.w.Node(id).(*election.Node)
	if !ok {
		return election.Status{}, false
	}
	return n.Status(), true
}

// look checks what changed in node id's Status since the last look.
func (s *safety) look(id sim.NodeID, ev sim.Event) error {
	st, ok := s.status(id, ev.Index)
	if !ok {
		return nil
	}
	prev := s.last[id]
	restarted := s.restarted[id]
	if st == prev && !restarted {
		return nil
	}
	s.last[id] = st
	s.restarted[id] = false
	if st.Role != election.Follower {
		s.ran[ballot{id, st.Term}] = true
	}
	if st.Term < prev.Term {
		if restarted {
			return fmt.Errorf("term went backwards on %s across a restart: from %d to %d (is currentTerm saved to Storage whenever it changes, and loaded in Start?)",
				s.name(id), prev.Term, st.Term)
		}
		return fmt.Errorf("term went backwards on %s: from %d to %d", s.name(id), prev.Term, st.Term)
	}
	if prev.Role == election.Leader && !restarted && (st.Role == election.Candidate || st.Role == election.Leader && st.Term > prev.Term) {
		return fmt.Errorf("%s led term %d and started an election (it is now %s of term %d) without hearing of a higher term: a leader stops its election timer, and leads its term until it hears of a higher one",
			s.name(id), prev.Term, st.Role, st.Term)
	}
	if s.quiet && st.Term > s.quietTerm {
		return fmt.Errorf("%s moved to term %d (%s) while %s: no election should start then",
			s.name(id), st.Term, st.Role, s.quietWhy)
	}
	if st.Role != election.Leader {
		delete(s.beats, id)
	}
	if st.Role == election.Leader && (prev.Role != election.Leader || prev.Term != st.Term || restarted) {
		s.startBeats(id, ev.Time)
		return s.checkLeader(id, st)
	}
	return s.checkFollowed(id, st)
}

// checkVotes checks, between handlers, that every node that is up names
// in its Status a vote it gave: a candidate it granted its vote in its
// term (a granted VoteReply it sent), or itself once it asked for votes in
// that term or was seen candidate or leader of it. A node that moves to a
// higher term has no vote in it, in memory and in Storage, until it votes.
func (s *safety) checkVotes(index uint64) error {
	for _, id := range s.ids {
		st, ok := s.status(id, index)
		if !ok || st.VotedFor == sim.NoNode {
			continue
		}
		b := ballot{id, st.Term}
		if g, ok := s.grants[b]; ok && g == st.VotedFor || st.VotedFor == id && s.ran[b] {
			continue
		}
		return fmt.Errorf("%s's Status says it voted for %s in term %d, but it gave no such vote in that term: VotedFor is the node's vote in its term, sim.NoNode if none (does a node that moves to a higher term clear its vote before it saves its state? does load start from no vote?)",
			s.name(id), s.name(st.VotedFor), st.Term)
	}
	return nil
}

// checkFollowed checks that a node that is not leader names as the leader
// of its term only the node that won that term: a heartbeat of an older
// term, or of another node than the term's leader, must not make a node
// follow its sender.
func (s *safety) checkFollowed(id sim.NodeID, st election.Status) error {
	if st.Role == election.Leader || st.Leader == sim.NoNode {
		return nil
	}
	if st.Leader == id {
		return fmt.Errorf("%s is %s of term %d but names itself as the term's leader", s.name(id), st.Role, st.Term)
	}
	won, ok := s.leaders[st.Term]
	if !ok {
		won = sim.NoNode
	}
	if won != st.Leader {
		return fmt.Errorf("%s follows %s as the leader of term %d, but the leader of term %d is %s (a node follows only a heartbeat of its own term, which only that term's leader sends)",
			s.name(id), s.name(st.Leader), st.Term, st.Term, s.name(won))
	}
	return nil
}

// timerReset is an event that restarts a node's election timer: when,
// what it was, and the term and the other node it names. It is described
// only in a failure, so that noting one (at every heartbeat) costs no
// formatting.
type timerReset struct {
	at   time.Duration
	kind resetKind
	term uint64
	peer sim.NodeID
}

// resetKind is what restarted a node's election timer.
type resetKind uint8

const (
	resetBoot resetKind = iota
	resetHeartbeat
	resetGrant
	resetElection
)

// describe says what the node did, as in "it granted its vote ...".
func (r timerReset) describe(s *safety) string {
	switch r.kind {
	case resetHeartbeat:
		return fmt.Sprintf("got a heartbeat of term %d from %s", r.term, s.name(r.peer))
	case resetGrant:
		return fmt.Sprintf("granted its vote in term %d to %s", r.term, s.name(r.peer))
	case resetElection:
		return fmt.Sprintf("started the election of term %d", r.term)
	}
	return "booted"
}

// noteHeartbeat records a heartbeat of the receiver's term (or a later
// one), which restarts its election timer.
func (s *safety) noteHeartbeat(ev sim.Event) {
	m, ok := ev.Msg.(rpc.Request)
	if !ok {
		return
	}
	args, ok := m.Body.(election.HeartbeatArgs)
	if !ok {
		return
	}
	if st, up := s.status(ev.Node, ev.Index); up && args.Term >= st.Term {
		s.calm[ev.Node] = timerReset{at: ev.Time, kind: resetHeartbeat, term: args.Term, peer: ev.Peer}
	}
}

// checkElection checks that node n, which asks for votes in term (its
// first request of that term), has waited for its election timeout: at
// least ElectionTimeoutMin since the last event that restarted its timer.
func (s *safety) checkElection(ev sim.Event, term uint64) error {
	n := ev.Node
	if term <= s.elected[n] {
		return nil
	}
	s.elected[n] = term
	last, ok := s.calm[n]
	s.calm[n] = timerReset{at: ev.Time, kind: resetElection, term: term}
	if ok && ev.Time-last.at < cfg.ElectionTimeoutMin {
		return fmt.Errorf("%s started an election (term %d) at %s, only %v after it %s at %s: a node waits at least ElectionTimeoutMin (%v) since it booted, got a heartbeat of its term, granted a vote or started an election (does each of these restart the election timer?)",
			s.name(n), term, sim.FormatTime(ev.Time), ev.Time-last.at, last.describe(s), sim.FormatTime(last.at), cfg.ElectionTimeoutMin)
	}
	return nil
}

// checkLed checks, as an event of a node comes and before its handler
// runs, what the node's last handler left: a leader has emitted
// BecameLeader for its term, and names itself as the term's leader.
func (s *safety) checkLed(ev sim.Event) error {
	if st, ok := s.status(ev.Node, ev.Index); ok {
		return s.led(ev.Node, st)
	}
	return nil
}

// led checks a node between its handlers, whose Status is st: if it
// leads, it has emitted BecameLeader for its term, and names itself as
// the term's leader.
func (s *safety) led(id sim.NodeID, st election.Status) error {
	if st.Role != election.Leader {
		return nil
	}
	if s.announced[id] != st.Term {
		return fmt.Errorf("%s leads term %d but did not emit election.BecameLeader{Term:%d} (emit it right after becoming leader, in the same handler)",
			s.name(id), st.Term, st.Term)
	}
	if st.Leader != id {
		return fmt.Errorf("%s leads term %d but its Status names %s as the term's leader: a leader knows that it leads",
			s.name(id), st.Term, s.name(st.Leader))
	}
	return nil
}

// checkLeader checks a node that just became leader of st.Term.
func (s *safety) checkLeader(id sim.NodeID, st election.Status) error {
	if other, ok := s.leaders[st.Term]; ok && other != id {
		return fmt.Errorf("two leaders in term %d: %s and %s", st.Term, s.name(other), s.name(id))
	}
	s.leaders[st.Term] = id
	if slices.Contains(s.forbidden, id) {
		return fmt.Errorf("%s became leader of term %d %s", s.name(id), st.Term, s.forbidWhy)
	}
	if st.VotedFor != id {
		return fmt.Errorf("%s became leader of term %d but its vote in that term went to %s, not to itself",
			s.name(id), st.Term, s.name(st.VotedFor))
	}
	voters := []sim.NodeID{id}
	for v := range s.received[ballot{id, st.Term}] {
		if v != id {
			voters = append(voters, v)
		}
	}
	if len(voters) < s.quorum {
		slices.Sort(voters)
		return fmt.Errorf("%s became leader of term %d with the votes of %s only: a majority is %d of %d, and only grants of term %d count",
			s.name(id), st.Term, s.names(voters), s.quorum, len(s.ids), st.Term)
	}
	return nil
}

// noteHigherTerm notes a message of a higher term than its receiver's
// that the receiver's handler is about to see: a request, or a reply that
// rpc hands to the call waiting for it.
func (s *safety) noteHigherTerm(ev sim.Event) {
	st, up := s.status(ev.Node, ev.Index)
	if !up {
		return
	}
	var body any
	switch m := ev.Msg.(type) {
	case rpc.Request:
		body = m.Body
	case rpc.Response:
		waiting := s.calls[ev.Node]
		at, ok := waiting[callID{m.Epoch, m.ID}]
		if !ok {
			return // a second copy, or a reply to an earlier incarnation
		}
		delete(waiting, callID{m.Epoch, m.ID})
		if m.Err != "" || ev.Time >= at+cfg.RPCTimeout {
			return // no reply the node sees, or one that came after the timeout
		}
		body = m.Body
	default:
		return
	}
	term, ok := termOf(body)
	if !ok || term < st.Term {
		return
	}
	leader := sim.NoNode
	if hb, ok := body.(election.HeartbeatArgs); ok {
		leader = hb.Leader
	} else if term == st.Term {
		return
	}
	s.adopt = adoption{pending: true, node: ev.Node, term: term, was: st,
		what: typeName(body), leader: leader, from: ev.Peer, at: ev.Time}
}

// noteBefore records the Status of a node whose handler is about to run.
func (s *safety) noteBefore(ev sim.Event) {
	if st, up := s.status(ev.Node, ev.Index); up {
		s.before[ev.Node] = st
	}
}

// checkAdopted checks what the handler of a message of a higher term, or
// of a heartbeat of the node's term, left, at the first event after it
// that is not one of the handler's own (a send, an emit): the node in the
// message's term at least, and after a heartbeat, a follower of its
// leader in the heartbeat's term.
func (s *safety) checkAdopted(index uint64) error {
	a := s.adopt
	if !a.pending {
		return nil
	}
	s.adopt = adoption{}
	st, up := s.status(a.node, index)
	if !up {
		return nil
	}
	if st.Term < a.term {
		return fmt.Errorf("%s, in term %d, got a %s of term %d from %s at %s, and was still in term %d after handling it: a node that sees a higher term moves to it at once, whatever the message (does every request and every reply go through step?)",
			s.name(a.node), a.was.Term, a.what, a.term, s.name(a.from), sim.FormatTime(a.at), st.Term)
	}
	if a.leader != sim.NoNode && (st.Term != a.term || st.Role != election.Follower || st.Leader != a.leader) {
		return fmt.Errorf("%s, %s of term %d, got a heartbeat of term %d from %s at %s, and after handling it is %s of term %d, following %s: a node that gets a heartbeat of its term (or a later one) follows its leader, as a follower of that term (a candidate gives up its election)",
			s.name(a.node), a.was.Role, a.was.Term, a.term, s.name(a.leader), sim.FormatTime(a.at), st.Role, st.Term, s.name(st.Leader))
	}
	return nil
}

// termOf returns the term a message of the protocol carries.
func termOf(body any) (uint64, bool) {
	switch b := body.(type) {
	case election.VoteArgs:
		return b.Term, true
	case election.VoteReply:
		return b.Term, true
	case election.HeartbeatArgs:
		return b.Term, true
	case election.HeartbeatReply:
		return b.Term, true
	}
	return 0, false
}

// checkSend checks the terms and the votes on the wire.
func (s *safety) checkSend(ev sim.Event) error {
	if err := s.checkSentTerm(ev); err != nil {
		return err
	}
	s.noteGuard(ev)
	if m, ok := ev.Msg.(rpc.Request); ok {
		if s.calls[ev.Node] == nil {
			s.calls[ev.Node] = map[callID]time.Duration{}
		}
		s.calls[ev.Node][callID{m.Epoch, m.ID}] = ev.Time
	}
	switch m := ev.Msg.(type) {
	case rpc.Request:
		if args, ok := m.Body.(election.VoteArgs); ok {
			if err := s.checkElection(ev, args.Term); err != nil {
				return err
			}
			s.asked[call{ev.Node, m.Epoch, m.ID}] = args.Term
			// Asking for votes in a term is voting for itself in it.
			b := ballot{ev.Node, args.Term}
			if prev, ok := s.grants[b]; ok && prev != ev.Node {
				return fmt.Errorf("%s asked for votes in term %d, having voted for %s in that term: a candidate votes for itself, and a node votes once per term, across restarts too (is votedFor saved before the reply leaves, and loaded in Start?)",
					s.name(ev.Node), args.Term, s.name(prev))
			}
			s.grants[b] = ev.Node
		}
	case rpc.Response:
		reply, ok := m.Body.(election.VoteReply)
		if !ok || !reply.Granted {
			return nil
		}
		voter, cand := ev.Node, ev.Peer
		if asked, ok := s.asked[call{cand, m.Epoch, m.ID}]; ok && asked != reply.Term {
			return fmt.Errorf("%s granted %s its vote in term %d, but %s asked for a vote in term %d: a vote counts only in the term the candidate asked for",
				s.name(voter), s.name(cand), reply.Term, s.name(cand), asked)
		}
		b := ballot{voter, reply.Term}
		if prev, ok := s.grants[b]; ok && prev != cand {
			return fmt.Errorf("%s voted twice in term %d: for %s and for %s (a node votes once per term, across restarts too: is votedFor saved before the reply leaves?)",
				s.name(voter), reply.Term, s.name(prev), s.name(cand))
		}
		s.grants[b] = cand
		s.calm[voter] = timerReset{at: ev.Time, kind: resetGrant, term: reply.Term, peer: cand}
	}
	return nil
}

// checkSentTerm checks that the term in the messages a node sends never
// goes down, across its restarts too: every message carries its sender's
// current term.
func (s *safety) checkSentTerm(ev sim.Event) error {
	var body any
	switch m := ev.Msg.(type) {
	case rpc.Request:
		body = m.Body
	case rpc.Response:
		body = m.Body
	default:
		return nil
	}
	term, ok := termOf(body)
	if !ok {
		return nil
	}
	what := typeName(body)
	prev, ok := s.sent[ev.Node]
	if ok && term < prev.term {
		if prev.crash {
			return fmt.Errorf("%s sent a %s of term %d after a restart, but before it crashed it had sent a %s of term %d (at %s): its term went backwards (is currentTerm saved to Storage whenever it changes, before the next message leaves?)",
				s.name(ev.Node), what, term, prev.what, prev.term, sim.FormatTime(prev.at))
		}
		return fmt.Errorf("%s sent a %s of term %d after a %s of term %d (at %s): every message carries the sender's current term, which never goes down",
			s.name(ev.Node), what, term, prev.what, prev.term, sim.FormatTime(prev.at))
	}
	if !ok || term > prev.term {
		s.sent[ev.Node] = sentTerm{term: term, what: what, at: ev.Time}
	}
	return nil
}

// noteDelivery records the granted votes that reach their candidate.
func (s *safety) noteDelivery(ev sim.Event) {
	m, ok := ev.Msg.(rpc.Response)
	if !ok {
		return
	}
	reply, ok := m.Body.(election.VoteReply)
	if !ok || !reply.Granted {
		return
	}
	b := ballot{ev.Node, reply.Term}
	if s.received[b] == nil {
		s.received[b] = map[sim.NodeID]bool{}
	}
	s.received[b][ev.Peer] = true
}

// checkEmit checks that a node's custom events agree with its Status.
func (s *safety) checkEmit(ev sim.Event) error {
	st, ok := s.status(ev.Node, ev.Index)
	if !ok {
		return nil
	}
	switch e := ev.Msg.(type) {
	case election.BecameLeader:
		s.wins[ev.Node]++
		s.announced[ev.Node] = e.Term
		if st.Role != election.Leader || st.Term != e.Term {
			return fmt.Errorf("%s emitted %T%+v but its Status says %s in term %d (emit it right after becoming leader)",
				s.name(ev.Node), e, e, st.Role, st.Term)
		}
	case election.SteppedDown:
		s.stepDowns[ev.Node]++
		if was, ok := s.before[ev.Node]; !ok || was.Role != election.Leader {
			return fmt.Errorf("%s emitted %T%+v, but it did not lead when its handler began: only a leader that becomes a follower emits it",
				s.name(ev.Node), e, e)
		}
		if st.Role == election.Leader || st.Term != e.Term {
			return fmt.Errorf("%s emitted %T%+v but its Status says %s in term %d (emit it right after becoming a follower of the new term)",
				s.name(ev.Node), e, e, st.Role, st.Term)
		}
	}
	return nil
}

// expectQuiet makes any term above term an error, until endQuiet; why
// says what should keep the nodes quiet.
func (s *safety) expectQuiet(term uint64, why string) {
	s.quiet, s.quietTerm, s.quietWhy = true, term, why
}

func (s *safety) endQuiet() { s.quiet = false }

// forbid makes it an error for any of nodes to become leader, until
// allow; why completes "sN became leader of term T ...".
func (s *safety) forbid(nodes []sim.NodeID, why string) {
	s.forbidden, s.forbidWhy = slices.Clone(nodes), why
}

func (s *safety) allow() { s.forbidden = nil }

// maxTerm returns the highest term any node has reached.
func (s *safety) maxTerm() uint64 {
	var t uint64
	for _, st := range s.last {
		t = max(t, st.Term)
	}
	return t
}

// names prints node ids as their names: "{n0, n2}".
func (s *safety) names(ids []sim.NodeID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = s.name(id)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// watchHeartbeats makes the checker require a leader's heartbeats: to
// every other node in the handler that made it leader, and then at least
// every HeartbeatInterval while it leads. Tests whose time is the
// simulator's turn it on; searches, whose timers fire in any order, leave
// it off.
func (s *safety) watchHeartbeats() {
	s.beats = map[sim.NodeID]map[sim.NodeID]beat{}
}

// startBeats notes that id became leader at time now: its first
// heartbeats are due at once, in the same handler.
func (s *safety) startBeats(id sim.NodeID, now time.Duration) {
	if s.beats == nil {
		return
	}
	due := map[sim.NodeID]beat{}
	for _, p := range s.ids {
		if p != id {
			due[p] = beat{due: now, last: now, why: "became leader"}
		}
	}
	s.beats[id] = due
}

// dropBeats stops the watch of id's heartbeats: it crashed, restarted or
// froze.
func (s *safety) dropBeats(id sim.NodeID) {
	if s.beats != nil {
		delete(s.beats, id)
	}
}

// resumeBeats watches again the heartbeats of a leader that resumes: its
// timers fire now, and its next round is due HeartbeatInterval later.
func (s *safety) resumeBeats(ev sim.Event) {
	if s.beats == nil {
		return
	}
	st, ok := s.status(ev.Node, ev.Index)
	if !ok || st.Role != election.Leader {
		return
	}
	due := map[sim.NodeID]beat{}
	for _, p := range s.ids {
		if p != ev.Node {
			due[p] = beat{due: ev.Time + cfg.HeartbeatInterval, last: ev.Time, why: "resumed"}
		}
	}
	s.beats[ev.Node] = due
}

// noteBeat records a heartbeat of its term that a leader sends.
func (s *safety) noteBeat(ev sim.Event) {
	due, ok := s.beats[ev.Node]
	if !ok {
		return
	}
	m, ok := ev.Msg.(rpc.Request)
	if !ok {
		return
	}
	args, ok := m.Body.(election.HeartbeatArgs)
	if !ok || args.Term != s.last[ev.Node].Term {
		return
	}
	if _, ok := due[ev.Peer]; ok {
		due[ev.Peer] = beat{due: ev.Time + cfg.HeartbeatInterval, last: ev.Time, why: "sent it a heartbeat"}
	}
}

// checkBeats checks that no leader is late with a heartbeat to any node.
func (s *safety) checkBeats(ev sim.Event) error {
	for _, id := range s.ids {
		due, ok := s.beats[id]
		if !ok {
			continue
		}
		for _, p := range s.ids {
			b, ok := due[p]
			if !ok || ev.Time <= b.due {
				continue
			}
			if b.why == "became leader" {
				return fmt.Errorf("%s became leader of term %d at %s and sent %s no heartbeat in that handler (it is %s now): a new leader sends its first heartbeats to every other node at once, and then every HeartbeatInterval (%v)",
					s.name(id), s.last[id].Term, sim.FormatTime(b.last), s.name(p), sim.FormatTime(ev.Time), cfg.HeartbeatInterval)
			}
			return fmt.Errorf("%s leads term %d and has sent %s no heartbeat since it %s at %s (it is %s now): a leader sends a heartbeat to every other node every HeartbeatInterval (%v) for as long as it leads",
				s.name(id), s.last[id].Term, s.name(p), b.why, sim.FormatTime(b.last), sim.FormatTime(ev.Time), cfg.HeartbeatInterval)
		}
	}
	return nil
}

// noteGuard records what must be in the sender's Storage when the handler
// that sends ev returns: a vote request's term and the vote for itself, a
// granted vote's term and vote, and any other message's term, the first
// time the node sends it.
func (s *safety) noteGuard(ev sim.Event) {
	var body any
	switch m := ev.Msg.(type) {
	case rpc.Request:
		body = m.Body
	case rpc.Response:
		body = m.Body
	default:
		return
	}
	term, ok := termOf(body)
	if !ok {
		return
	}
	g := guard{node: ev.Node, term: term, vote: sim.NoNode, to: ev.Peer, at: ev.Time}
	switch b := body.(type) {
	case election.VoteArgs:
		g.vote = ev.Node
	case election.VoteReply:
		if b.Granted {
			g.vote = ev.Peer
			g.what = "granted election.VoteReply"
		}
	}
	if g.vote == sim.NoNode && term <= s.guarded[ev.Node] {
		return
	}
	if g.what == "" {
		g.what = typeName(body)
	}
	s.guarded[ev.Node] = max(s.guarded[ev.Node], term)
	s.guards = append(s.guards, g)
}

// checkGuards checks, at the first event after a handler, that the
// Storage of the node that ran it guards what it sent: a node restarted
// from it now would not send a lower term, nor vote again in a term it
// voted in.
func (s *safety) checkGuards() error {
	if len(s.guards) == 0 {
		return nil
	}
	guards := s.guards
	s.guards = nil
	for _, g := range guards {
		st := restartedStatus(s.w, s.ids, g.node)
		if st.Term > g.term || st.Term == g.term && (g.vote == sim.NoNode || st.VotedFor == g.vote) {
			continue
		}
		return fmt.Errorf("%s sent a %s of term %d to %s at %s, but when its handler returned its Storage held term %d and a vote for %s: had it crashed then, it would have restarted there (persist term and votedFor before the handler that sends a message depending on them returns)",
			s.name(g.node), g.what, g.term, s.name(g.to), sim.FormatTime(g.at), st.Term, s.name(st.VotedFor))
	}
	return nil
}

// typeName is fmt.Sprintf("%T", v) for a message body, which the checker
// records for every message it sees: reflect's name of a named type is
// stored, where fmt builds it anew each time.
func typeName(v any) string { return reflect.TypeOf(v).String() }
