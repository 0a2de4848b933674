package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestImportProblem(t *testing.T) {
	for path, rule := range map[string]string{
		"fmt":                                         "",
		"math/rand/v2":                                "",
		"encoding/json":                               "",
		"github.com/distlab/distlab/sim":              "",
		"github.com/distlab/distlab/rpc":              "",
		"github.com/distlab/distlab/paxos":            "",
		"github.com/distlab/distlab/paxos/kvpaxos":    "",
		"github.com/distlab/distlab/paxos/_x":         RuleImport,
		"github.com/distlab/distlab/paxos/a/testdata": RuleImport,
		"github.com/distlab/distlab/paxosx":           RuleImport,
		"github.com/distlab/distlab/labs/kit":         RuleImport,
		"github.com/distlab/distlab/election":         RuleImport,
		"github.com/distlab/distlab/simulator":        RuleImport,
		"golang.org/x/exp/slices":                     RuleImport,
		"github.com/anishathalye/porcupine":           RuleImport,
		"os":                                          RuleImport,
		"os/signal":                                   RuleImport,
		"sync":                                        RuleConcurrency,
		"math/rand":                                   RuleGlobalRand,
		"crypto/rand":                                 RuleGlobalRand,
		"log/slog":                                    RuleOutput,
		"hash/maphash":                                RuleImport,
		"encoding/gob":                                RuleImport,
		"C":                                           RuleCgo,
		"net":                                         RuleImport,
		"net/http":                                    RuleImport,
	} {
		got, _ := importProblem("paxos", path)
		assert.Equal(t, rule, got, path)
	}
	_, what := importProblem("paxos", "os/signal")
	assert.Equal(t, `import "os/signal": it reaches files, the environment and the process`, what, "a sub-package of a forbidden package gets its reason")
	_, what = importProblem("paxos", "net/http")
	assert.Equal(t, `import "net/http": the simulator is the network`, what)
}
