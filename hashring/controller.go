package hashring

import (
	"slices"
	"strings"
	"time"

	"github.com/distlab/distlab/sim"
)

// Step is a configuration the controller installs at a virtual time.
type Step struct {
	At      time.Duration // when the configuration is installed
	Members []Member      // its servers, in any order
}

// Controller is the store's configuration service, a node of its own. It
// installs Steps[i] as configuration i+1 at virtual time Steps[i].At (the
// steps must be in order of time), and answers QueryArgs. It is given, not
// part of the lab: in a real deployment it would be a small replicated
// service (a Paxos group, etcd); here the test harness decides when
// servers join and leave by writing the steps.
type Controller struct {
	Steps []Step

	configs []Config // configs[i] has Num i; configs[0] is empty
}

// Start installs the steps on their timers and serves queries.
func (c *Controller) Start(env sim.Env) {
	c.configs = []Config{{}}
	for _, step := range c.Steps {
		env.After(step.At-env.Now(), func() {
			members := slices.Clone(step.Members)
			slices.SortFunc(members, func(a, b Member) int { return strings.Compare(a.Name, b.Name) })
			c.configs = append(c.configs, Config{Num: len(c.configs), Members: members})
		})
	}
	Query.Handle(env, func(from sim.NodeID, args QueryArgs, reply func(QueryReply)) {
		if args.Num > 0 && args.Num < len(c.configs) {
			reply(QueryReply{Config: c.configs[args.Num]})
			return
		}
		reply(QueryReply{Config: c.configs[len(c.configs)-1]})
	})
}
