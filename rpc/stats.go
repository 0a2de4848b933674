package rpc

import (
	"slices"

	"github.com/distlab/distlab/sim"
)

// Counts are the rpc messages a node or a method sent.
type Counts struct {
	Calls   uint64 // requests sent (each retry counts)
	Replies uint64 // responses sent
	Bytes   uint64 // size of those requests and responses (see sim.Size)
}

func (c *Counts) add(o Counts) {
	c.Calls += o.Calls
	c.Replies += o.Replies
	c.Bytes += o.Bytes
}

// Stats counts the rpc traffic of a world per node and per method, so lab
// tests can bound how many messages a protocol needs. Make one with
// Observe before the run.
type Stats struct {
	byNode map[sim.NodeID]map[string]*Counts
}

// Observe starts counting the rpc traffic of w. It counts what nodes send,
// before the network drops or duplicates anything.
func Observe(w *sim.World) *Stats {
	s := &Stats{byNode: map[sim.NodeID]map[string]*Counts{}}
	w.Observe(s.observe)
	return s
}

func (s *Stats) observe(ev sim.Event) error {
	if ev.Kind != sim.KindSend {
		return nil
	}
	var method string
	var c Counts
	switch m := ev.Msg.(type) {
	case Request:
		method, c.Calls = m.Method, 1
	case Response:
		method, c.Replies = m.Method, 1
	default:
		return nil
	}
	c.Bytes = uint64(sim.Size(ev.Msg))
	methods := s.byNode[ev.Node]
	if methods == nil {
		methods = map[string]*Counts{}
		s.byNode[ev.Node] = methods
	}
	if methods[method] == nil {
		methods[method] = &Counts{}
	}
	methods[method].add(c)
	return nil
}

// Node returns what node id sent, over all methods.
func (s *Stats) Node(id sim.NodeID) Counts {
	var c Counts
	for _, m := range s.byNode[id] {
		c.add(*m)
	}
	return c
}

// Method returns what all nodes sent for one method, by its name (see
// Method.Name).
func (s *Stats) Method(method string) Counts {
	var c Counts
	for _, methods := range s.byNode {
		if m := methods[method]; m != nil {
			c.add(*m)
		}
	}
	return c
}

// NodeMethod returns what node id sent for one method.
func (s *Stats) NodeMethod(id sim.NodeID, method string) Counts {
	if m := s.byNode[id][method]; m != nil {
		return *m
	}
	return Counts{}
}

// Total returns what all nodes sent.
func (s *Stats) Total() Counts {
	var c Counts
	for _, methods := range s.byNode {
		for _, m := range methods {
			c.add(*m)
		}
	}
	return c
}

// Methods returns the names of the methods seen, sorted.
func (s *Stats) Methods() []string {
	var names []string
	for _, methods := range s.byNode {
		for name := range methods {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	return names
}
