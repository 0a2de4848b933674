package hashring

import (
	"maps"
	"slices"
	"strings"

	"github.com/distlab/distlab/sim"
)

// Server is a storage server of the sharded store, a simulated node. It
// holds the keys it owns in its current configuration and answers OpArgs
// for them; it moves from one configuration to the next in order, fetching
// the keys it gains from the members of the previous configuration, and
// handing the keys it loses to whoever fetches them.
//
// The protocol, for a server s at configuration n:
//
//   - Every PollInterval, if s is ready, it asks the controller for
//     configuration n+1 (QueryArgs{Num: n+1}) and, if there is one, moves
//     to it: from then on it serves only the keys it owns in n+1, and it
//     is not ready until it has fetched the keys it gains.
//   - To move to n+1 as a member, s calls FetchArgs{Num: n+1} on every
//     other member of n, retrying until each has answered; it stores the
//     keys it gets and merges the Applied tables (highest Seq per client).
//     Then it is ready, and reports Ready{Num: n+1} with env.Emit. A
//     server that is not a member of n+1 is ready at once, and reports
//     Ready too.
//   - FetchArgs{Num: m} gets ErrNotReady while s is at a configuration
//     before m; once s is at m or later (so it no longer serves the keys
//     it owned in m-1), it answers with every key it owned in m-1 that the
//     caller owns in m, and its Applied table.
//   - OpArgs for a key s does not own in its configuration gets
//     ErrWrongOwner; while s is not ready, ErrNotReady. A Get returns the
//     value. A Put or Append is applied unless its Seq is at most the
//     highest Seq applied for that client (the caller's node id), which
//     makes retried and duplicated writes take effect once.
//
// A server keeps the keys it gave away (it never serves them again unless
// it fetches them anew). Its state is durable: it saves to its Storage,
// with sim.Save, the configurations it has seen and the members it still
// has to fetch from (on every move, and after every fetch), each key it
// stores, and its Applied table, before any message that depends on them
// leaves. A server that crashes and restarts (Start on a fresh Server)
// loads them with sim.Load and carries on where it was: it does not serve
// keys it has handed over, it has every write it acknowledged, it applies
// no retried write twice, and it fetches from the members it had not
// fetched from yet, and from no others.
type Server struct {
	Controller sim.NodeID // the controller node

	// BEGIN SOLUTION
	// TODO: add your fields: the configurations seen so far, whether the
	// server is ready, the members it still has to fetch from, the keys
	// and values, and the highest Seq applied per client.
	env     sim.Env
	configs []Config             // configs[i] has Num i; the last is the current one
	rings   []*Ring              // rings[i] is configs[i].Ring() once built (see ring)
	ready   bool                 // fetched every key of the current configuration
	missing []sim.NodeID         // members of the previous configuration not fetched from yet, in order
	data    map[string]string    // key -> value
	applied map[sim.NodeID]int64 // client -> highest Seq of a write applied
	// END SOLUTION
}

// Start boots the server: at configuration 0 (no keys) on its first
// start, and where its Storage says after a restart. It starts polling
// the controller, and fetching from the members it still has to.
func (s *Server) Start(env sim.Env) {
	// BEGIN SOLUTION
	// TODO: initialize your fields, load what Storage holds, register the
	// handlers of Op and Fetch (Op.Handle, Fetch.Handle), go on fetching from
	// the members you still have to, and start polling.
	s.env = env
	s.configs = []Config{{}}
	s.data = map[string]string{}
	s.applied = map[sim.NodeID]int64{}
	s.load()
	s.ready = len(s.missing) == 0
	Op.Handle(env, s.serveOp)
	Fetch.Handle(env, s.serveFetch)
	for _, id := range s.missing {
		s.fetch(id, s.current())
	}
	s.poll()
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: write the protocol described on Server: polling the controller,
// moving to the next configuration, fetching, and the handlers of OpArgs
// and FetchArgs.

// current returns the number of the current configuration.
func (s *Server) current() int { return len(s.configs) - 1 }

// ring returns the ring of configuration num, which it builds the first
// time it is asked for: a server that restarts has all its configurations
// back, but asks only for the rings of the last ones.
func (s *Server) ring(num int) *Ring {
	for len(s.rings) <= num {
		s.rings = append(s.rings, nil)
	}
	if s.rings[num] == nil {
		s.rings[num] = s.configs[num].Ring()
	}
	return s.rings[num]
}

// owns reports whether s owns key in configuration num.
func (s *Server) owns(num int, key string) bool {
	owner, err := s.ring(num).Owner(key)
	return err == nil && owner == s.env.Name()
}

// poll asks for the next configuration while s is ready, and again every
// PollInterval.
func (s *Server) poll() {
	if s.ready {
		next := s.current() + 1
		Query.Call(s.env, s.Controller, QueryArgs{Num: next}, CallTimeout, func(r QueryReply, err error) {
			if err == nil && s.ready && r.Config.Num == s.current()+1 {
				s.advance(r.Config)
			}
		})
	}
	s.env.After(PollInterval, s.poll)
}

// advance moves s to the next configuration, stops serving the keys it
// loses, and fetches those it gains from the previous members.
func (s *Server) advance(cfg Config) {
	prev := s.configs[s.current()]
	s.configs = append(s.configs, cfg)
	s.ready = false
	s.missing = nil
	if _, member := cfg.ID(s.env.Name()); member {
		for _, m := range prev.Members {
			if m.ID != s.env.ID() {
				s.missing = append(s.missing, m.ID)
			}
		}
	}
	s.saveProgress()
	for _, id := range s.missing {
		s.fetch(id, cfg.Num)
	}
	s.maybeReady()
}

// fetch asks from for its keys of configuration num, until it answers.
func (s *Server) fetch(from sim.NodeID, num int) {
	Fetch.Call(s.env, from, FetchArgs{Num: num}, CallTimeout, func(r FetchReply, err error) {
		if s.current() != num || !slices.Contains(s.missing, from) {
			return
		}
		if err != nil || r.Err != "" {
			s.env.After(RetryDelay, func() { s.fetch(from, num) })
			return
		}
		for _, key := range slices.Sorted(maps.Keys(r.Data)) {
			s.data[key] = r.Data[key]
			s.saveKey(key)
		}
		for client, seq := range r.Applied {
			s.applied[client] = max(s.applied[client], seq)
		}
		s.saveApplied()
		s.missing = slices.DeleteFunc(s.missing, func(id sim.NodeID) bool { return id == from })
		s.saveProgress()
		s.maybeReady()
	})
}

// maybeReady makes s ready once it has fetched from every previous member.
func (s *Server) maybeReady() {
	if !s.ready && len(s.missing) == 0 {
		s.ready = true
		s.env.Emit(Ready{Num: s.current()})
	}
}

// serveFetch hands the caller the keys s owned in args.Num-1 that the
// caller owns in args.Num, once s has stopped serving them.
func (s *Server) serveFetch(from sim.NodeID, args FetchArgs, reply func(FetchReply)) {
	if args.Num < 1 || args.Num > s.current() {
		reply(FetchReply{Err: ErrNotReady, Num: args.Num})
		return
	}
	caller, _ := s.configs[args.Num].Name(from)
	now, before := s.ring(args.Num), s.ring(args.Num-1)
	data := map[string]string{}
	for key, value := range s.data {
		owner, _ := now.Owner(key)
		had, _ := before.Owner(key)
		if owner == caller && had == s.env.Name() {
			data[key] = value
		}
	}
	// The simulator copies messages, so s.applied can go as it is.
	reply(FetchReply{Num: args.Num, Data: data, Applied: s.applied})
}

// serveOp executes a client's operation if s owns the key and is ready.
func (s *Server) serveOp(from sim.NodeID, args OpArgs, reply func(OpReply)) {
	switch {
	case !s.owns(s.current(), args.Key):
		reply(OpReply{Err: ErrWrongOwner})
		return
	case !s.ready:
		reply(OpReply{Err: ErrNotReady})
		return
	case args.Kind == OpGet:
		reply(OpReply{Value: s.data[args.Key]})
		return
	}
	if args.Seq > s.applied[from] {
		switch args.Kind {
		case OpPut:
			s.data[args.Key] = args.Value
		case OpAppend:
			s.data[args.Key] += args.Value
		}
		s.applied[from] = args.Seq
		s.saveKey(args.Key)
		s.saveApplied()
	}
	reply(OpReply{})
}

// The keys of a server's durable state in its Storage.
const (
	progressKey = "progress" // the configurations seen, the members still to fetch from
	appliedKey  = "applied"  // the Applied table
	dataPrefix  = "data/"    // one entry per stored key: dataPrefix + key
)

// progress is what a server saves of its moves.
type progress struct {
	Configs []Config
	Missing []sim.NodeID
}

// saveProgress saves the configurations and the members still to fetch
// from: before the server answers a FetchArgs for its new configuration
// (the hand-off promises it no longer serves the keys it lost), and
// before it serves keys it has fetched.
func (s *Server) saveProgress() {
	sim.Save(s.env.Storage(), progressKey, progress{Configs: s.configs, Missing: s.missing})
}

// saveKey saves the value of key, before the write is acknowledged or the
// key served.
func (s *Server) saveKey(key string) {
	sim.Save(s.env.Storage(), dataPrefix+key, s.data[key])
}

// saveApplied saves the Applied table, with the writes it counts.
func (s *Server) saveApplied() {
	sim.Save(s.env.Storage(), appliedKey, s.applied)
}

// load reads back what the save functions stored, if anything.
func (s *Server) load() {
	st := s.env.Storage()
	var p progress
	if sim.Load(st, progressKey, &p) {
		s.configs, s.missing = p.Configs, p.Missing
	}
	sim.Load(st, appliedKey, &s.applied)
	for _, k := range st.Keys(dataPrefix) {
		var v string
		sim.Load(st, k, &v)
		s.data[strings.TrimPrefix(k, dataPrefix)] = v
	}
}

// END SOLUTION
