package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/paxos/kvpaxos"
	"github.com/distlab/distlab/sim"
)

// lab is what the command knows of one lab: how to build the nodes of a
// cluster of its servers, and, for a key/value service, its client.
type lab struct {
	name  string
	about string
	// extra is the number of nodes a cluster has besides its n servers
	// (hashring's controller); they get the ids after the servers'.
	extra int
	// extraRole names what the extra nodes are, for start's status.
	extraRole string
	// node returns the factory of node id of a cluster of n servers, with
	// ids 0 to n-1, and the extra nodes after them.
	node func(n int, id sim.NodeID) sim.Factory
	// clerk makes a client of the service for the client node of env, in
	// its Start; nil if the lab has no client here.
	clerk func(env sim.Env, servers []sim.NodeID) clerk
	// emits is whether start shows the nodes' emitted values by default.
	emits bool
}

// clerk is a key/value client: one operation at a time, each completing
// in its callback.
type clerk interface {
	Get(key string, done func(value string))
	Put(key, value string, done func())
	Append(key, value string, done func())
}

// serverIDs returns the ids 0 to n-1.
func serverIDs(n int) []sim.NodeID {
	ids := make([]sim.NodeID, n)
	for i := range ids {
		ids[i] = sim.NodeID(i)
	}
	return ids
}

// labs are the labs whose servers the command runs, in the labs' order.
func labs() []lab {
	return []lab{
		{
			name:      "hashring",
			about:     "the sharded key/value store: n storage servers and a controller that installs one configuration of them all",
			extra:     1,
			extraRole: "controller",
			node: func(n int, id sim.NodeID) sim.Factory {
				controller := sim.NodeID(n)
				if id == controller {
					var members []hashring.Member
					for _, s := range serverIDs(n) {
						members = append(members, hashring.Member{Name: s.String(), ID: s})
					}
					// At a second of the controller's time: a step at 0
					// would be due before the node started.
					steps := []hashring.Step{{At: time.Second, Members: members}}
					return func() sim.Node { return &hashring.Controller{Steps: steps} }
				}
				return func() sim.Node { return &hashring.Server{Controller: controller} }
			},
			emits: true,
		},
		{
			name:  "election",
			about: "leader election: n nodes with the lab's default timing",
			node: func(n int, _ sim.NodeID) sim.Factory {
				return election.New(serverIDs(n), election.DefaultConfig())
			},
			emits: true,
		},
		{
			name:  "paxos",
			about: "the replicated key/value service of part C: n kvpaxos servers, for the kv and load commands",
			node: func(n int, _ sim.NodeID) sim.Factory {
				return func() sim.Node { return kvpaxos.NewServer(serverIDs(n)) }
			},
			clerk: func(env sim.Env, servers []sim.NodeID) clerk {
				return kvpaxos.NewClerk(env, slices.Clone(servers))
			},
		},
	}
}

// findLab returns the lab named name.
func findLab(name string) (lab, error) {
	var names []string
	for _, l := range labs() {
		if l.name == name {
			return l, nil
		}
		names = append(names, l.name)
	}
	return lab{}, fmt.Errorf("cluster: no lab %q (the labs: %s)", name, strings.Join(names, ", "))
}
