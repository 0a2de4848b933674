package paxos_test

import (
	"fmt"

	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// wire checks the protocol on the wire, at every message a node sends,
// against everything the node sent before, in all its incarnations: so a
// node that forgets in a crash what it promised, accepted or used is
// caught by what it says next, whatever it emits.
//
//   - a proposer's ballots carry its own node id;
//   - a proposer never uses a ballot of an earlier incarnation for an
//     instance (its rounds must be durable), and never proposes two
//     values with one ballot;
//   - an acceptor never promises or accepts a ballot lower than one it
//     promised or accepted before for the same instance, and refuses only
//     a ballot lower than one it promised, naming that ballot;
//   - an acceptor's promise reports a proposal at least as high as the
//     last one it accepted, and with the same value if the same ballot;
//   - a reply saying an instance is decided, and a decide request, carry
//     the value decided;
//   - a peer never answers OK for an instance below its Min (the Min its
//     reply carries);
//   - a proposer sends an accept with a ballot only once promises for that
//     ballot from a majority of distinct acceptors have reached it (a late
//     promise of an earlier round does not count, nor one acceptor twice);
//   - a node emits a decision only once it was told it (a decide request,
//     or a reply saying the instance is decided), or it heard from a
//     majority of distinct acceptors that they accepted the value with
//     one ballot (their acceptances of its own ballot, or the proposals
//     their promises report).
type wire struct {
	g        *group
	boots    map[sim.NodeID]int
	calls    map[callKey]wireReq                            // requests in flight, by caller and call id
	promised map[nodeSeq]paxos.Ballot                       // the highest ballot each acceptor promised or accepted
	accepted map[nodeSeq]proposalAt                         // the highest proposal each acceptor accepted
	used     map[nodeSeq]map[paxos.Ballot]ballotUse         // each proposer's ballots
	promises map[roundKey]map[sim.NodeID]bool               // the acceptors whose promise of a proposer's ballot reached it
	heard    map[nodeSeq]map[proposalAt]map[sim.NodeID]bool // by learner: the acceptors it heard accepted each proposal
	told     map[nodeSeq]bool                               // the nodes told an instance's decision by another node
	durable  []durableGuard                                 // the promises and acceptances of the handler running now
	probe    bool                                           // check each promise and acceptance in Storage (see checkDurable)
}

// roundKey names one ballot of one proposer for one instance.
type roundKey struct {
	node   sim.NodeID
	seq    int
	ballot paxos.Ballot
}

type callKey struct {
	caller    sim.NodeID
	epoch, id uint64
}

type nodeSeq struct {
	node sim.NodeID
	seq  int
}

type proposalAt struct {
	ballot paxos.Ballot
	value  string
}

// ballotUse is how a proposer used a ballot.
type ballotUse struct {
	boot     int    // the incarnation that first used it
	value    string // the value it proposed with it
	proposed bool   // it sent an accept with it
}

// wireReq is a request of the protocol, Part A or B.
type wireReq struct {
	kind   string // "prepare", "accept" or "decide"
	seq    int
	ballot paxos.Ballot
	value  string
}

func watchWire(w *sim.World, g *group) *wire {
	c := &wire{
		g:        g,
		boots:    map[sim.NodeID]int{},
		calls:    map[callKey]wireReq{},
		promised: map[nodeSeq]paxos.Ballot{},
		accepted: map[nodeSeq]proposalAt{},
		used:     map[nodeSeq]map[paxos.Ballot]ballotUse{},
		promises: map[roundKey]map[sim.NodeID]bool{},
		heard:    map[nodeSeq]map[proposalAt]map[sim.NodeID]bool{},
		told:     map[nodeSeq]bool{},
	}
	w.Observe(c.observe)
	return c
}

// request returns the protocol request a message body is.
func request(body any) (wireReq, bool) {
	switch b := body.(type) {
	case paxos.PrepareArgs:
		return wireReq{kind: "prepare", ballot: b.Ballot}, true
	case paxos.AcceptArgs:
		return wireReq{kind: "accept", ballot: b.Ballot, value: b.Value}, true
	case paxos.DecideArgs:
		return wireReq{kind: "decide", value: b.Value}, true
	case paxos.PeerPrepareArgs:
		return wireReq{kind: "prepare", seq: b.Seq, ballot: b.Prepare.Ballot}, true
	case paxos.PeerAcceptArgs:
		return wireReq{kind: "accept", seq: b.Seq, ballot: b.Accept.Ballot, value: b.Accept.Value}, true
	case paxos.PeerDecideArgs:
		return wireReq{kind: "decide", seq: b.Seq, value: b.Decide.Value}, true
	}
	return wireReq{}, false
}

func (c *wire) observe(ev sim.Event) error {
	switch ev.Kind {
	case sim.KindSend, sim.KindDrop, sim.KindDuplicate, sim.KindCustom, sim.KindLog:
		// Events of a handler as it runs.
	default:
		if err := c.checkDurable(); err != nil {
			return err
		}
	}
	if !containsID(c.g.ids, ev.Node) {
		return nil
	}
	switch ev.Kind {
	case sim.KindStart:
		c.boots[ev.Node]++
		return nil
	case sim.KindSend:
	case sim.KindDeliver:
		c.delivered(ev)
		return nil
	case sim.KindCustom:
		return c.learnedFrom(ev)
	default:
		return nil
	}
	switch m := ev.Msg.(type) {
	case rpc.Request:
		req, ok := request(m.Body)
		if !ok {
			return nil
		}
		c.calls[callKey{ev.Node, m.Epoch, m.ID}] = req
		return c.proposer(ev.Node, req)
	case rpc.Response:
		req, ok := c.calls[callKey{ev.Peer, m.Epoch, m.ID}]
		if !ok {
			return nil
		}
		if err := c.maxCounts(ev.Node, req); err != nil {
			return err
		}
		c.noteDurable(ev, req, m.Body)
		return c.acceptor(ev.Node, ev.Peer, req, m.Body)
	}
	return nil
}

// maxCounts checks, as peer a answers a request about an instance, that
// its Max counts that instance: Max is the highest instance a peer has
// seen, started there or named in any message, prepare, accept or decide.
func (c *wire) maxCounts(a sim.NodeID, req wireReq) error {
	if c.g.part != partB {
		return nil
	}
	if px := c.g.peer(a); px != nil && px.Max() < req.seq {
		return fmt.Errorf("%s answered a %s of instance %d, and its Max() is %d: Max counts every instance named in a message the peer received",
			c.g.w.Name(a), req.kind, req.seq, px.Max())
	}
	return nil
}

// proposer checks a request node n sends.
func (c *wire) proposer(n sim.NodeID, req wireReq) error {
	name := c.g.w.Name(n)
	if req.kind == "decide" {
		return c.decidedValue(n, req.seq, req.value, "sends a decide request")
	}
	if req.ballot.Node != n {
		return fmt.Errorf("BALLOT broken: %s sends a %s for %s with ballot %v, which is not its own: a proposer puts its own node id in every ballot, so that no two proposers share one",
			name, req.kind, c.g.what(req.seq), req.ballot)
	}
	k := nodeSeq{n, req.seq}
	if c.used[k] == nil {
		c.used[k] = map[paxos.Ballot]ballotUse{}
	}
	use, ok := c.used[k][req.ballot]
	boot := c.boots[n]
	if !ok {
		use = ballotUse{boot: boot}
	}
	if use.boot != boot {
		return fmt.Errorf("BALLOT reused: %s sends a %s for %s with ballot %v, which it already used before it crashed and restarted: a proposer saves each round before using it, and never uses one twice",
			name, req.kind, c.g.what(req.seq), req.ballot)
	}
	if req.kind == "accept" {
		if !use.proposed {
			if err := c.quorum(n, req); err != nil {
				return err
			}
		}
		if use.proposed && use.value != req.value {
			return fmt.Errorf("BALLOT reused: %s proposes %q for %s with ballot %v, with which it proposed %q before: one ballot, one value",
				name, req.value, c.g.what(req.seq), req.ballot, use.value)
		}
		use.proposed, use.value = true, req.value
	}
	c.used[k][req.ballot] = use
	return nil
}

// acceptor checks the reply acceptor a sends to a request of caller.
func (c *wire) acceptor(a, caller sim.NodeID, req wireReq, body any) error {
	name := c.g.w.Name(a)
	k := nodeSeq{a, req.seq}
	switch r := body.(type) {
	case paxos.PeerPrepareReply:
		if r.Reply.OK && req.seq < r.Min {
			return c.forgottenAnswered(a, req, r.Min)
		}
		return c.acceptor(a, caller, req, r.Reply)
	case paxos.PeerAcceptReply:
		if r.Reply.OK && req.seq < r.Min {
			return c.forgottenAnswered(a, req, r.Min)
		}
		return c.acceptor(a, caller, req, r.Reply)
	case paxos.PrepareReply:
		if r.Decided {
			return c.decidedValue(a, req.seq, r.Value, "answers a prepare with Decided")
		}
		if !r.OK {
			return c.refusal(a, req, r.Promised)
		}
		if p, ok := c.promised[k]; ok && req.ballot.Less(p) {
			return fmt.Errorf("PROMISE broken: %s promises ballot %v for %s to %s, but it promised or accepted ballot %v before (perhaps before a crash): an acceptor saves its promise before it replies, and never goes back on it",
				name, req.ballot, c.g.what(req.seq), c.g.w.Name(caller), p)
		}
		if acc, ok := c.accepted[k]; ok && (r.Accepted.Less(acc.ballot) || (r.Accepted == acc.ballot && r.Value != acc.value)) {
			return fmt.Errorf("ACCEPTANCE forgotten: %s promises ballot %v for %s and reports its last accepted proposal as (%v, %q), but it accepted (%v, %q) before (perhaps before a crash): an acceptor saves what it accepts before it replies",
				name, req.ballot, c.g.what(req.seq), r.Accepted, r.Value, acc.ballot, acc.value)
		}
		c.promised[k] = req.ballot
	case paxos.AcceptReply:
		if !r.OK {
			return c.refusal(a, req, r.Promised)
		}
		if p, ok := c.promised[k]; ok && req.ballot.Less(p) {
			return fmt.Errorf("PROMISE broken: %s accepts (%v, %q) for %s from %s, but it promised or accepted ballot %v before (perhaps before a crash): an acceptor refuses every ballot lower than one it promised",
				name, req.ballot, req.value, c.g.what(req.seq), c.g.w.Name(caller), p)
		}
		c.promised[k] = req.ballot
		if acc, ok := c.accepted[k]; !ok || acc.ballot.Less(req.ballot) {
			c.accepted[k] = proposalAt{ballot: req.ballot, value: req.value}
		}
	}
	return nil
}

// refusal checks a refusal acceptor a sends to a prepare or an accept: it
// refuses only a ballot lower than one it promised, and names that higher
// ballot (PrepareReply.Promised, AcceptReply.Promised), so a second copy of
// the request it promised is not refused. A refusal of an instance the
// acceptor has forgotten (below its Min) names no ballot.
func (c *wire) refusal(a sim.NodeID, req wireReq, promised paxos.Ballot) error {
	if c.g.part == partB {
		if px := c.g.peer(a); px == nil || req.seq < px.Min() {
			return nil
		}
	}
	if !req.ballot.Less(promised) {
		return fmt.Errorf("REFUSAL wrong: %s refuses the %s of ballot %v for %s, naming ballot %v as the one it promised: an acceptor refuses only a ballot lower than one it promised, and its reply names that higher ballot",
			c.g.w.Name(a), req.kind, req.ballot, c.g.what(req.seq), promised)
	}
	return nil
}

// forgottenAnswered reports an acceptor that answered yes to a request
// for an instance below its Min.
func (c *wire) forgottenAnswered(a sim.NodeID, req wireReq, m int) error {
	return fmt.Errorf("FORGETTING broken: %s answers OK to a %s for instance %d, below its Min %d: a forgotten instance is refused, never answered as if it were new",
		c.g.w.Name(a), req.kind, req.seq, m)
}

// decidedValue checks that v, which node n says is the value of instance
// seq, is the value decided.
func (c *wire) decidedValue(n sim.NodeID, seq int, v, what string) error {
	if d, ok := c.g.decided[seq]; ok && d.value != v {
		return fmt.Errorf("AGREEMENT broken: %s %s for %s with value %q, but %s decided %q",
			c.g.w.Name(n), what, c.g.what(seq), v, c.g.w.Name(d.node), d.value)
	}
	return nil
}

func containsID(ids []sim.NodeID, id sim.NodeID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// noteDurable records a promise or an acceptance that acceptor ev.Node
// sends, to be checked in its Storage when the handler returns.
func (c *wire) noteDurable(ev sim.Event, req wireReq, body any) {
	ok := false
	switch r := body.(type) {
	case paxos.PrepareReply:
		ok = r.OK
	case paxos.AcceptReply:
		ok = r.OK
	case paxos.PeerPrepareReply:
		ok = r.Reply.OK
	case paxos.PeerAcceptReply:
		ok = r.Reply.OK
	}
	if !ok || !c.probe {
		return
	}
	what := "a promise"
	if req.kind == "accept" {
		what = "an acceptance"
	}
	c.durable = append(c.durable, durableGuard{node: ev.Node, seq: req.seq, ballot: req.ballot, what: what, to: ev.Peer, at: ev.Time})
}
