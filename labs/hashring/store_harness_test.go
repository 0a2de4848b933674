package hashring_test

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// storePlan describes a run of the sharded store: its servers, the
// configurations the controller installs, the network, and the workload.
type storePlan struct {
	servers  int             // servers s1, s2, ... (all booted at time 0)
	steps    [][]int         // members of configuration i+1, as server numbers (1 for s1)
	at       []time.Duration // when configuration i+1 is installed
	crash    bool            // crash a server once it has left for good and every member of the configuration that left it out is ready
	net      sim.NetConfig   // the network
	clients  int             // client nodes c1, c2, ...
	preload  int             // keys p000, p001, ... each written once by Put, at the start
	hot      int             // keys h0, h1, ... (or hotNames) that every client appends to and reads
	hotNames []string        // the names of the hot keys, if not h0, h1, ...: len(hotNames) == hot
	own      int             // keys o1.0, o1.1, ... per client (o2.0 for c2) that only it writes: then its random operations are Puts, Appends and Gets of these
	mix      [2]int          // of 10 random operations: appends below mix[0], Gets of hot keys below mix[1], Gets of preloaded keys above (zero: 5 and 8)
	work     time.Duration   // clients run random operations until then
	final    time.Duration   // then, from this time on, they read back every key
	deadline time.Duration   // by when every client must have finished
}

// opRecord is one operation a client ran, as the test saw it.
type opRecord struct {
	client int
	input  kit.KVInput
	call   time.Duration
	ret    time.Duration // -1 while pending
	value  string        // what a Get returned
	final  bool          // one of the reads at the end
	own    bool          // a Get of one of the client's own keys (storePlan.own)
	want   string        // then, the value the client's acknowledged writes leave
}

// storeRun is one run of a storePlan: the world, and what the test saw.
type storeRun struct {
	r       *kit.Run
	plan    storePlan
	w       *sim.World
	ctl     sim.NodeID
	servers []sim.NodeID      // servers[i] is s(i+1)
	configs []hashring.Config // configs[i] has Num i, as the controller installs them
	rings   []*hashring.Ring  // rings[i] is configs[i].Ring()
	h       *kit.History
	ops     []opRecord
	clients []*workload
	ready   map[int]map[sim.NodeID]bool // configuration -> servers that reported Ready
	handed  map[int]map[string]handoff  // configuration -> key -> how it was handed over
	at      map[sim.NodeID]int          // server -> the last configuration it reported Ready for
	handAt  map[sim.NodeID]int          // server -> the last configuration it has handed keys over for
	asked   map[opCall]string           // an OpArgs call a server received -> its key
	shut    map[sim.NodeID]bool         // servers shut down for good
	fetched map[fetchFrom]bool          // the FetchReplys without Err that reached their caller
	polls   map[sim.NodeID]*pollCount   // server -> the Queries it has sent

	opSends  map[opCall]*opSend       // a client's OpArgs call -> what it was for
	notReady map[sim.NodeID]opRefusal // client -> the ErrNotReady its last call got, until it sends again
}

// opSend is a client's OpArgs call: the operation's Seq, when it went out,
// and whether a reply reached the call.
type opSend struct {
	seq      int64
	at       time.Duration
	answered bool
}

// opRefusal is an ErrNotReady that reached a client's call: for which
// operation, and when.
type opRefusal struct {
	seq int64
	at  time.Duration
}

// pollCount counts the Queries a server sends to the controller, and its
// starts.
type pollCount struct {
	first   time.Duration // when it first started
	starts  int           // its first start and its restarts
	queries int           // Queries sent, over all its incarnations
}

// fetchFrom names a FetchReply of configuration num that reached server to
// from server from.
type fetchFrom struct {
	num      int
	to, from sim.NodeID
}

// opCall names an rpc call: the caller, its incarnation, the call's number.
type opCall struct {
	caller sim.NodeID
	epoch  uint64
	id     uint64
}

// handoff is a key that a server sent to a new owner in a FetchReply.
type handoff struct {
	from, to sim.NodeID
}

// runStore runs plan in a world of the seed until every client has
// finished or the deadline passes. Invariants checked as the run goes end
// it with an error, which fails the seed.
func runStore(r *kit.Run, plan storePlan) *storeRun {
	r.T().Helper()
	s := buildStore(r, r.World(sim.Options{Net: plan.net}), plan)
	r.Check(s.run())
	return s
}

// buildStore adds the nodes of plan to w and installs the observers.
func buildStore(r *kit.Run, w *sim.World, plan storePlan) *storeRun {
	s := &storeRun{
		r:      r,
		plan:   plan,
		w:      w,
		h:      &kit.History{},
		ready:  map[int]map[sim.NodeID]bool{},
		handed: map[int]map[string]handoff{},
		at:     map[sim.NodeID]int{},
		handAt: map[sim.NodeID]int{},
		asked:  map[opCall]string{},
		shut:   map[sim.NodeID]bool{},

		fetched: map[fetchFrom]bool{},
		polls:   map[sim.NodeID]*pollCount{},

		opSends:  map[opCall]*opSend{},
		notReady: map[sim.NodeID]opRefusal{},
	}
	s.h.RecordFaults(w)

	ctl := &hashring.Controller{}
	s.ctl = w.MustAddNode("ctl", func() sim.Node { return ctl })
	for i := range plan.servers {
		id := w.MustAddNode(fmt.Sprintf("s%d", i+1), func() sim.Node { return &hashring.Server{Controller: s.ctl} })
		s.servers = append(s.servers, id)
	}
	s.configs = []hashring.Config{{}}
	s.rings = []*hashring.Ring{hashring.Config{}.Ring()}
	for i, step := range plan.steps {
		var members []hashring.Member
		for _, n := range step {
			members = append(members, hashring.Member{Name: fmt.Sprintf("s%d", n), ID: s.servers[n-1]})
		}
		slices.SortFunc(members, func(a, b hashring.Member) int { return strings.Compare(a.Name, b.Name) })
		ctl.Steps = append(ctl.Steps, hashring.Step{At: plan.at[i], Members: members})
		cfg := hashring.Config{Num: i + 1, Members: members}
		s.configs = append(s.configs, cfg)
		s.rings = append(s.rings, cfg.Ring())
	}
	for i := range plan.clients {
		c := &workload{run: s, idx: i}
		s.clients = append(s.clients, c)
		w.MustAddNode(fmt.Sprintf("c%d", i+1), func() sim.Node { return c })
	}
	w.Observe(s.watchFetched)
	w.Observe(s.watchReady)
	w.Observe(s.watchHandoffs)
	w.Observe(s.watchServing)
	w.Observe(s.watchPolls)
	w.Observe(s.watchRetries)
	return s
}

// watchRetries checks that a client whose call got ErrNotReady waits
// RetryDelay before it sends the operation again, as Client's doc says: a
// client that tries again at once floods a server that is fetching. Only
// the first reply of a call that reaches it within CallTimeout counts, as
// rpc hands only that one to the call.
func (s *storeRun) watchRetries(ev sim.Event) error {
	if ev.Node == s.ctl || s.isServer(ev.Node) {
		return nil
	}
	switch m := ev.Msg.(type) {
	case rpc.Request:
		if ev.Kind != sim.KindSend || m.Method != hashring.Op.Name() {
			return nil
		}
		args, ok := m.Body.(hashring.OpArgs)
		if !ok {
			return nil
		}
		if nr, ok := s.notReady[ev.Node]; ok && nr.seq == args.Seq && ev.Time-nr.at < hashring.RetryDelay {
			return fmt.Errorf("RETRY: client %s sent operation %d (%v %q) again %v after a server answered it ErrNotReady: after ErrNotReady a client waits RetryDelay (%v) before it tries again",
				s.w.Name(ev.Node), args.Seq, args.Kind, args.Key, ev.Time-nr.at, hashring.RetryDelay)
		}
		delete(s.notReady, ev.Node)
		s.opSends[opCall{ev.Node, m.Epoch, m.ID}] = &opSend{seq: args.Seq, at: ev.Time}
	case rpc.Response:
		if ev.Kind != sim.KindDeliver || m.Method != hashring.Op.Name() {
			return nil
		}
		k := opCall{ev.Node, m.Epoch, m.ID}
		c, ok := s.opSends[k]
		if !ok || c.answered || ev.Time-c.at >= hashring.CallTimeout {
			return nil
		}
		c.answered = true
		if r, ok := m.Body.(hashring.OpReply); ok && r.Err == hashring.ErrNotReady {
			s.notReady[ev.Node] = opRefusal{seq: c.seq, at: ev.Time}
		}
	}
	return nil
}

// pollBound is how many Queries a server may have sent to the controller
// in elapsed time since it first started, over starts incarnations:
// about one per PollInterval (a quarter more, for a poll retried now and
// then), one more per start and per configuration (a server may ask at
// once when it boots or becomes ready), and 10 to spare. A server whose
// polls go on one chain of timers sends at most one per interval, and one
// at each start: the reference sent 869 Queries in 878 intervals. One
// that starts another chain on every move sends several per interval.
func (s *storeRun) pollBound(elapsed time.Duration, starts int) int {
	return int(elapsed/hashring.PollInterval)*5/4 + starts + len(s.configs) + 10
}

// watchPolls counts the Queries each server sends and checks, at each
// one, that it stays within pollBound.
func (s *storeRun) watchPolls(ev sim.Event) error {
	if !s.isServer(ev.Node) {
		return nil
	}
	p := s.polls[ev.Node]
	if p == nil {
		p = &pollCount{first: ev.Time}
		s.polls[ev.Node] = p
	}
	switch ev.Kind {
	case sim.KindStart:
		p.starts++
	case sim.KindSend:
		req, ok := ev.Msg.(rpc.Request)
		if !ok || req.Method != hashring.Query.Name() {
			return nil
		}
		p.queries++
		elapsed := ev.Time - p.first
		if bound := s.pollBound(elapsed, p.starts); p.queries > bound {
			return fmt.Errorf("POLLING: server %s has sent %d Queries to the controller in %s since it first started (%d poll intervals of %v, %d starts): want at most about one per PollInterval, here %d (does each move, Ready or restart start another chain of poll timers?)",
				s.w.Name(ev.Node), p.queries, sim.FormatTime(elapsed), elapsed/hashring.PollInterval, hashring.PollInterval, p.starts, bound)
		}
	}
	return nil
}

// pollSummary describes the Queries the servers sent: "869 Queries in 878
// poll intervals (most: s3, 160 in 162)".
func (s *storeRun) pollSummary() string {
	queries, intervals := 0, time.Duration(0)
	var most sim.NodeID
	ratio := -1.0
	for _, id := range s.servers {
		p := s.polls[id]
		if p == nil {
			continue
		}
		n := (s.w.Now() - p.first) / hashring.PollInterval
		queries += p.queries
		intervals += n
		if r := float64(p.queries) / float64(max(n, 1)); r > ratio {
			most, ratio = id, r
		}
	}
	if ratio < 0 {
		return "no Queries"
	}
	p := s.polls[most]
	return fmt.Sprintf("%d Queries in %d poll intervals (most for its time: %s, %d in %d)",
		queries, intervals, s.w.Name(most), p.queries, (s.w.Now()-p.first)/hashring.PollInterval)
}

// run runs the world until every client has finished, or the deadline.
func (s *storeRun) run() error {
	_, err := s.w.RunUntil(s.plan.deadline, func() bool { return s.unfinished() == 0 })
	return err
}

// unfinished returns the number of clients that have not finished their
// workload.
func (s *storeRun) unfinished() int {
	n := 0
	for _, c := range s.clients {
		if !c.finished {
			n++
		}
	}
	return n
}

// watchReady records the Ready events of servers and, once every member
// of a configuration is ready, crashes the servers that have left for
// good (if the plan says so): nobody will fetch from them again.
func (s *storeRun) watchReady(ev sim.Event) error {
	if ev.Kind != sim.KindCustom {
		return nil
	}
	ready, ok := ev.Msg.(hashring.Ready)
	if !ok {
		return nil
	}
	if ready.Num < 1 || ready.Num >= len(s.configs) {
		return fmt.Errorf("server %s reported Ready for configuration %d, which the controller never installs", s.w.Name(ev.Node), ready.Num)
	}
	if last := s.at[ev.Node]; ready.Num <= last {
		return fmt.Errorf("server %s reported Ready for configuration %d after Ready for %d: a server moves forward only, across its restarts too (are its configurations saved to Storage before it serves or hands over keys, and loaded in Start?)",
			s.w.Name(ev.Node), ready.Num, last)
	}
	if err := s.checkFetchedAll(ev.Node, ready.Num); err != nil {
		return err
	}
	s.at[ev.Node] = ready.Num
	if s.ready[ready.Num] == nil {
		s.ready[ready.Num] = map[sim.NodeID]bool{}
	}
	s.ready[ready.Num][ev.Node] = true
	if !s.plan.crash {
		return nil
	}
	for _, m := range s.configs[ready.Num].Members {
		if !s.ready[ready.Num][m.ID] {
			return nil
		}
	}
	for _, id := range s.servers {
		if s.w.Up(id) && s.memberSince(id, ready.Num) == 0 && s.memberBefore(id, ready.Num) {
			s.shut[id] = true
			s.w.After(time.Millisecond, func() {
				if s.w.Up(id) {
					s.w.Crash(id)
				}
			})
		}
	}
	return nil
}

// watchFetched records the FetchReplys that reach their caller.
func (s *storeRun) watchFetched(ev sim.Event) error {
	if ev.Kind != sim.KindDeliver {
		return nil
	}
	if resp, ok := ev.Msg.(rpc.Response); ok && resp.Err == "" {
		if reply, ok := resp.Body.(hashring.FetchReply); ok && reply.Err == "" {
			s.fetched[fetchFrom{num: reply.Num, to: ev.Node, from: ev.Peer}] = true
		}
	}
	return nil
}

// checkFetchedAll checks a Ready{Num: num} of server id: a member of
// configuration num is ready there only once a FetchReply for num, from
// every other member of num-1, has reached it (in this incarnation or an
// earlier one). A reply for another configuration, a late answer to an
// earlier move, does not count: it holds the keys of another move.
func (s *storeRun) checkFetchedAll(id sim.NodeID, num int) error {
	if _, member := s.configs[num].Name(id); !member {
		return nil
	}
	for _, m := range s.configs[num-1].Members {
		if m.ID != id && !s.fetched[fetchFrom{num: num, to: id, from: m.ID}] {
			return fmt.Errorf("server %s reported Ready for configuration %d, but no FetchReply for configuration %d from %s, a member of configuration %d, has reached it: a member is ready only once it has fetched from every other member of the previous configuration",
				s.w.Name(id), num, num, m.Name, num-1)
		}
	}
	return nil
}

// memberSince returns the first configuration from num on that has id as
// a member, or 0 if none does.
func (s *storeRun) memberSince(id sim.NodeID, num int) int {
	for n := num; n < len(s.configs); n++ {
		if _, ok := s.configs[n].Name(id); ok {
			return n
		}
	}
	return 0
}

// memberBefore reports whether id was a member of a configuration before num.
func (s *storeRun) memberBefore(id sim.NodeID, num int) bool {
	for n := 1; n < num; n++ {
		if _, ok := s.configs[n].Name(id); ok {
			return true
		}
	}
	return false
}

// watchHandoffs checks every FetchReply a server sends: each key in it
// must have moved, between configurations Num-1 and Num, from the sender
// to the caller. It records the keys handed over.
func (s *storeRun) watchHandoffs(ev sim.Event) error {
	if ev.Kind != sim.KindSend {
		return nil
	}
	resp, ok := ev.Msg.(rpc.Response)
	if !ok {
		return nil
	}
	reply, ok := resp.Body.(hashring.FetchReply)
	if !ok || reply.Err != "" {
		return nil
	}
	s.handAt[ev.Node] = max(s.handAt[ev.Node], reply.Num)
	from, to := s.w.Name(ev.Node), s.w.Name(ev.Peer)
	if reply.Num < 2 || reply.Num >= len(s.configs) {
		if len(reply.Data) == 0 {
			return nil
		}
		return fmt.Errorf("server %s sent %s %d keys for configuration %d, which the controller never installs (or has no previous configuration)", from, to, len(reply.Data), reply.Num)
	}
	if s.handed[reply.Num] == nil {
		s.handed[reply.Num] = map[string]handoff{}
	}
	for _, key := range sortedKeys(reply.Data) {
		was, _ := s.rings[reply.Num-1].Owner(key)
		now, _ := s.rings[reply.Num].Owner(key)
		if was != from || now != to {
			return fmt.Errorf("HANDOFF of a key that does not move from the sender to the caller: server %s sent key %q to %s for configuration %d, but the key belongs to %s in configuration %d and to %s in %d",
				from, key, to, reply.Num, was, reply.Num-1, now, reply.Num)
		}
		s.handed[reply.Num][key] = handoff{from: ev.Node, to: ev.Peer}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkRefusal checks the Err of an OpReply that server ev.Node sends for
// key, against the configurations the server can be at: the last one it
// reported Ready for, n, where it is ready, or n+1 if the controller has
// installed it, where it may still be fetching (a server moves one
// configuration at a time, and reports Ready for each). ErrWrongOwner is
// right only if the key is not the server's in one of them, and
// ErrNotReady only if it is the server's in n+1.
func (s *storeRun) checkRefusal(ev sim.Event, key, err string) error {
	me := s.w.Name(ev.Node)
	num := s.at[ev.Node]
	owner, _ := s.rings[num].Owner(key)
	next, moving := "", num+1 < len(s.configs) && s.plan.at[num] <= ev.Time
	if moving {
		next, _ = s.rings[num+1].Owner(key)
	}
	where := fmt.Sprintf("configuration %d, the last it reported Ready for, gives %q to %s", num, key, owner)
	if num == 0 {
		where = "it has reported Ready for no configuration yet, and owns nothing in configuration 0"
	}
	if moving {
		where += fmt.Sprintf("; configuration %d, which it may be moving to, gives it to %s", num+1, next)
	} else {
		where += fmt.Sprintf(", and the controller has not installed configuration %d yet", num+1)
	}
	switch err {
	case hashring.ErrWrongOwner:
		if owner != me || (moving && next != me) {
			return nil
		}
		return fmt.Errorf("WRONG ERR: server %s answered %s's operation on key %q with ErrWrongOwner, but it owns the key in every configuration it can be at: %s\n    owners of %q: %s",
			me, s.w.Name(ev.Peer), key, where, key, s.ownerHistory(key))
	case hashring.ErrNotReady:
		if moving && next == me {
			return nil
		}
		return fmt.Errorf("WRONG ERR: server %s answered %s's operation on key %q with ErrNotReady, but it can be not ready only while it fetches the keys of a configuration that gives it the key, and %s: a key the server does not own gets ErrWrongOwner, whether it is ready or not\n    owners of %q: %s",
			me, s.w.Name(ev.Peer), key, where, key, s.ownerHistory(key))
	}
	return fmt.Errorf("WRONG ERR: server %s answered %s's operation on key %q with Err %q: an OpReply's Err is \"\", ErrWrongOwner or ErrNotReady", me, s.w.Name(ev.Peer), key, err)
}

// watchServing checks every operation a server accepts: it must own the
// key in the last configuration it reported Ready for, and it must not
// have handed keys over for a later one (it has moved on, and serves no
// key until it is ready there). A server that serves a key it has lost,
// or that it has not fetched yet, breaks it.
func (s *storeRun) watchServing(ev sim.Event) error {
	switch ev.Kind {
	case sim.KindDeliver:
		if req, ok := ev.Msg.(rpc.Request); ok {
			if args, ok := req.Body.(hashring.OpArgs); ok {
				s.asked[opCall{ev.Peer, req.Epoch, req.ID}] = args.Key
			}
		}
	case sim.KindSend:
		resp, ok := ev.Msg.(rpc.Response)
		if !ok {
			return nil
		}
		reply, ok := resp.Body.(hashring.OpReply)
		if !ok || resp.Err != "" {
			return nil
		}
		key, ok := s.asked[opCall{ev.Peer, resp.Epoch, resp.ID}]
		if !ok {
			return nil
		}
		if reply.Err != "" {
			return s.checkRefusal(ev, key, reply.Err)
		}
		num := s.at[ev.Node]
		if h := s.handAt[ev.Node]; h > num {
			return fmt.Errorf("server %s served key %q to %s while it was moving to configuration %d: it had handed keys over for %d, and not reported Ready for it yet (a server that has moved on serves no key until it is ready)\n    owners of %q: %s",
				s.w.Name(ev.Node), key, s.w.Name(ev.Peer), h, h, key, s.ownerHistory(key))
		}
		if owner, _ := s.rings[num].Owner(key); owner != s.w.Name(ev.Node) {
			last := "it has reported Ready for no configuration yet"
			if num > 0 {
				last = fmt.Sprintf("the last configuration it reported Ready for is %d, where %q belongs to %s", num, key, owner)
			}
			return fmt.Errorf("server %s served key %q to %s, but %s: a key is served by its owner only, once it has the key\n    owners of %q: %s",
				s.w.Name(ev.Node), key, s.w.Name(ev.Peer), last, key, s.ownerHistory(key))
		}
	}
	return nil
}
