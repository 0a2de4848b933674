package kvpaxos

import (
	"strconv"
	"strings"

	"github.com/distlab/distlab/sim"
)

// BEGIN SOLUTION
// TODO: the server's durable state, and loading it at boot.

// Storage keys of a server's durable state (its Paxos peer keeps its own
// under "paxos/").
const (
	keyApplied      = "kv/applied"
	keyDataPrefix   = "kv/data/"
	keyClientPrefix = "kv/client/"
)

func (s *Server) saveApplied() { sim.Save(s.env.Storage(), keyApplied, s.applied) }

func (s *Server) saveKey(key string) { sim.Save(s.env.Storage(), keyDataPrefix+key, s.data[key]) }

func (s *Server) saveClient(client uint64) {
	sim.Save(s.env.Storage(), keyClientPrefix+strconv.FormatUint(client, 10), s.clients[client])
}

// loadState loads the durable state at boot.
func (s *Server) loadState() {
	st := s.env.Storage()
	s.data = map[string]string{}
	s.clients = map[uint64]lastOp{}
	s.applied = -1
	sim.Load(st, keyApplied, &s.applied)
	for _, k := range st.Keys(keyDataPrefix) {
		var v string
		sim.Load(st, k, &v)
		s.data[strings.TrimPrefix(k, keyDataPrefix)] = v
	}
	for _, k := range st.Keys(keyClientPrefix) {
		id, err := strconv.ParseUint(strings.TrimPrefix(k, keyClientPrefix), 10, 64)
		if err != nil {
			panic("kvpaxos: bad storage key " + k)
		}
		var last lastOp
		sim.Load(st, k, &last)
		s.clients[id] = last
	}
	s.appliedAt = s.env.Now()
}

// END SOLUTION
