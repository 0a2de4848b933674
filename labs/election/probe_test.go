package election_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/election"
	"github.com/distlab/distlab/sim"
)

// restartedStatus returns the Status that node id would have if it crashed
// now and restarted: a fresh node of the cluster, started on a copy of
// id's Storage, in an Env of its own that sends nothing and whose timers
// never fire. The node itself, its Storage and the world are untouched.
func restartedStatus(w *sim.World, ids []sim.NodeID, id sim.NodeID) election.Status {
	st := &probeStorage{m: map[string][]byte{}}
	real := w.Storage(id)
	for _, k := range real.Keys("") {
		v, _ := real.Get(k)
		st.m[k] = v
	}
	n, ok := election.New(slices.Clone(ids), cfg)().(*election.Node)
	if !ok {
		return election.Status{}
	}
	n.Start(&probeEnv{id: id, name: w.Name(id), now: w.Now(), st: st})
	return n.Status()
}

// probeEnv is the Env of a node started only to read its Status.
type probeEnv struct {
	id     sim.NodeID
	name   string
	now    time.Duration
	st     *probeStorage
	values map[any]any
	rng    *rand.Rand
}

func (e *probeEnv) ID() sim.NodeID                        { return e.id }
func (e *probeEnv) Name() string                          { return e.name }
func (e *probeEnv) Incarnation() uint64                   { return 1 }
func (e *probeEnv) Now() time.Duration                    { return e.now }
func (e *probeEnv) Send(sim.NodeID, any)                  {}
func (e *probeEnv) After(time.Duration, func()) sim.Timer { return sim.Timer{} }
func (e *probeEnv) Storage() sim.Storage                  { return e.st }
func (e *probeEnv) Emit(any)                              {}
func (e *probeEnv) Logf(string, ...any)                   {}
func (e *probeEnv) Intercept(func(sim.NodeID, any) bool)  {}
func (e *probeEnv) Value(key any) any                     { return e.values[key] }
func (e *probeEnv) Rand() *rand.Rand {
	if e.rng == nil {
		e.rng = rand.New(rand.NewPCG(1, 2))
	}
	return e.rng
}
func (e *probeEnv) SetValue(key, v any) {
	if e.values == nil {
		e.values = map[any]any{}
	}
	e.values[key] = v
}

// probeStorage is a copy of a node's Storage.
type probeStorage struct{ m map[string][]byte }

func (s *probeStorage) Get(key string) ([]byte, bool) {
	v, ok := s.m[key]
	return slices.Clone(v), ok
}
func (s *probeStorage) Put(key string, value []byte) { s.m[key] = slices.Clone(value) }
func (s *probeStorage) Delete(key string)            { delete(s.m, key) }
func (s *probeStorage) Keys(prefix string) []string {
	var keys []string
	for k := range s.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
