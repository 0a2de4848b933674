package paxos_test

import (
	"fmt"

	"github.com/distlab/distlab/paxos"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// delivered records what reached a node: the promises of its ballots, by
// acceptor; the proposals acceptors said they accepted, in their
// promises and in their acceptances of its ballots; and the decisions
// other nodes told it.
func (c *wire) delivered(ev sim.Event) {
	switch m := ev.Msg.(type) {
	case rpc.Request:
		if req, ok := request(m.Body); ok && req.kind == "decide" {
			c.told[nodeSeq{ev.Node, req.seq}] = true
		}
	case rpc.Response:
		req, ok := c.calls[callKey{ev.Node, m.Epoch, m.ID}]
		if !ok {
			return
		}
		body := m.Body
		switch r := body.(type) {
		case paxos.PeerPrepareReply:
			body = r.Reply
		case paxos.PeerAcceptReply:
			body = r.Reply
		}
		learner := nodeSeq{ev.Node, req.seq}
		switch r := body.(type) {
		case paxos.PrepareReply:
			switch {
			case r.Decided:
				c.told[learner] = true
			case r.OK:
				addTo(c.promises, roundKey{ev.Node, req.seq, req.ballot}, ev.Peer)
				if !r.Accepted.IsZero() {
					c.heardOf(learner, proposalAt{r.Accepted, r.Value}, ev.Peer)
				}
			}
		case paxos.AcceptReply:
			if r.OK {
				c.heardOf(learner, proposalAt{req.ballot, req.value}, ev.Peer)
			}
		}
	}
}

// heardOf records that learner heard acceptor a accepted proposal p.
func (c *wire) heardOf(learner nodeSeq, p proposalAt, a sim.NodeID) {
	if c.heard[learner] == nil {
		c.heard[learner] = map[proposalAt]map[sim.NodeID]bool{}
	}
	if c.heard[learner][p] == nil {
		c.heard[learner][p] = map[sim.NodeID]bool{}
	}
	c.heard[learner][p][a] = true
}

func addTo(m map[roundKey]map[sim.NodeID]bool, k roundKey, id sim.NodeID) {
	if m[k] == nil {
		m[k] = map[sim.NodeID]bool{}
	}
	m[k][id] = true
}

// quorum checks, as proposer n sends its first accept with a ballot, that
// promises of that ballot from a majority of distinct acceptors reached it.
func (c *wire) quorum(n sim.NodeID, req wireReq) error {
	got := c.promises[roundKey{n, req.seq, req.ballot}]
	if need := len(c.g.ids)/2 + 1; len(got) < need {
		return fmt.Errorf("QUORUM broken: %s sends accepts of (%v, %q) for %s, but promises of ballot %v reached it from %s only (%d; a majority of %d is %d): a proposer counts the promises of its current ballot only, one per acceptor, not a late answer to an earlier round",
			c.g.w.Name(n), req.ballot, req.value, c.g.what(req.seq), req.ballot, c.names(got), len(got), len(c.g.ids), need)
	}
	return nil
}

// learnedFrom checks, as a node emits a decision, that it was told it, or
// that it heard from a majority of distinct acceptors that they accepted
// the value with one ballot.
func (c *wire) learnedFrom(ev sim.Event) error {
	seq, v, ok := decisionEvent(ev.Msg)
	learner := nodeSeq{ev.Node, seq}
	if !ok || c.told[learner] {
		return nil
	}
	need := len(c.g.ids)/2 + 1
	most := 0
	for p, set := range c.heard[learner] {
		if p.value == v {
			most = max(most, len(set))
		}
	}
	if most >= need {
		return nil
	}
	return fmt.Errorf("QUORUM broken: %s decided %q for %s, but no node told it the decision, and the most acceptors it heard accepted %q with one ballot is %d (a majority of %d is %d): a proposer learns from the acceptances of its current ballot only, one per acceptor, not from a late answer to an earlier round",
		c.g.w.Name(ev.Node), v, c.g.what(seq), v, most, len(c.g.ids), need)
}

// names lists the nodes of set, by name, in id order.
func (c *wire) names(set map[sim.NodeID]bool) string {
	var ids []sim.NodeID
	for _, id := range c.g.ids {
		if set[id] {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return "no acceptor"
	}
	return nameList(c.g.w, ids)
}
