package election

import (
	"encoding/binary"

	"github.com/distlab/distlab/sim"
)

// The keys of the durable state in a node's Storage.
const (
	termKey     = "term"
	votedForKey = "votedFor"
)

// persist writes term and votedFor to the node's durable storage. Call it
// after changing either, before sending anything: a reply or a request
// that leaves before its state is saved is a promise that a crash can
// break.
func (n *Node) persist() {
	// BEGIN SOLUTION
	// TODO: store n.term and n.votedFor, e.g. with encoding/binary.
	s := n.env.Storage()
	s.Put(termKey, binary.BigEndian.AppendUint64(nil, n.term))
	s.Put(votedForKey, binary.BigEndian.AppendUint32(nil, uint32(n.votedFor)))
	// END SOLUTION
}

// load reads term and votedFor back from durable storage; a node that
// never saved anything starts in term 0 with no vote.
func (n *Node) load() {
	// BEGIN SOLUTION
	// TODO: read back what persist stored, if anything.
	s := n.env.Storage()
	if b, ok := s.Get(termKey); ok {
		n.term = binary.BigEndian.Uint64(b)
	}
	if b, ok := s.Get(votedForKey); ok {
		n.votedFor = sim.NodeID(int32(binary.BigEndian.Uint32(b)))
	}
	// END SOLUTION
}
