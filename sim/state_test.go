package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/distlab/distlab/sim"
)

type phase int

func (p phase) String() string { return [...]string{"follower", "candidate", "leader"}[p] }

type entry struct {
	Term  int
	Value string
}

type inner struct{ n int }

type stateNode struct {
	env     sim.Env
	role    phase
	term    int
	log     []entry
	votes   map[string]bool
	wait    time.Duration
	next    *sim.NetConfig
	same    *sim.NetConfig
	harness *inner
	data    []byte
	hook    func()
	any     any
	empty   map[int]int
	nothing []int
}

func TestFlattenState(t *testing.T) {
	shared := &sim.NetConfig{Latency: time.Millisecond}
	w, err := sim.New(sim.Options{})
	assert.NoError(t, err)
	var env sim.Env
	w.MustAddNode("a", func() sim.Node { return startFunc(func(e sim.Env) { env = e }) })
	assert.NoError(t, w.Run(time.Millisecond))
	tests := []struct {
		name  string
		state any
		limit int
		want  []sim.StateField
	}{
		{"nil", nil, 0, []sim.StateField{{Path: "", Value: "<nil>"}}},
		{"a node", &stateNode{
			env: env, role: 2, term: 3,
			log:   []entry{{1, "x"}, {3, "y"}},
			votes: map[string]bool{"n2": true, "n1": false},
			wait:  1500 * time.Millisecond,
			next:  shared, same: shared, harness: &inner{n: 7},
			data: []byte("ab"), hook: func() {}, any: entry{2, "z"},
			empty: map[int]int{},
		}, 0, []sim.StateField{
			{"env", "<*sim.nodeEnv>"},
			{"role", "leader"}, // unexported, printed with its String method
			{"term", "3"},
			{"log[0].Term", "1"}, {"log[0].Value", `"x"`},
			{"log[1].Term", "3"}, {"log[1].Value", `"y"`},
			{"votes[n1]", "false"}, {"votes[n2]", "true"}, // in key order
			{"wait", "1.5s"},
			// a struct read through an unexported field cannot be handed
			// to its String method: its fields show
			{"next.Latency", "1ms"}, {"next.Jitter", "0s"}, {"next.Dist", "uniform"}, {"next.Loss", "0"}, {"next.Duplicate", "0"},
			{"same", "<same as next>"},
			{"harness", "<*sim_test.inner>"}, // test code's, not the node's
			{"data", `"ab"`},
			{"hook", "<func>"},
			{"any.Term", "2"}, {"any.Value", `"z"`},
			{"empty", "map[]"},
			{"nothing", "<nil>"},
		}},
		{"a limit", &stateNode{log: []entry{{1, "x"}, {2, "y"}}}, 3, []sim.StateField{
			{"env", "<nil>"}, {"role", "follower"}, {"term", "0"},
			{"...", "14 more fields not shown"},
		}},
		{"a long string", &entry{Value: strings.Repeat("é", 150)}, 0, []sim.StateField{
			{"Term", "0"}, {"Value", `"` + strings.Repeat("é", 100) + `"...(300 bytes)`},
		}},
		{"a cycle", func() any { c := &cycle{}; c.next = c; return c }(), 0, []sim.StateField{
			{"next", "<same as (the node)>"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sim.FlattenState(tt.state, tt.limit))
		})
	}
}

type cycle struct{ next *cycle }

type startFunc func(sim.Env)

func (f startFunc) Start(env sim.Env) { f(env) }
