package rules

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Module is the module path of distlab.
const Module = "github.com/distlab/distlab"

// Students returns the student packages: the directories under the module
// root whose code, and that of every package below, the rules apply to.
func Students() []string { return []string{"election", "hashring", "paxos"} }

// The rules, by the name a violation is reported with.
const (
	RuleImport      = "import"
	RuleConcurrency = "concurrency"
	RuleWallClock   = "wall-clock"
	RuleGlobalRand  = "global-rand"
	RuleOutput      = "output"
	RuleState       = "package-state"
	RuleMapOrder    = "map-order"
	RuleDirective   = "directive"
	RuleBuildTag    = "build-constraint"
	RuleNonGo       = "non-go-file"
	RuleCgo         = "cgo"
	RuleTypeCheck   = "type-check"
)

// reasons says why each rule exists: the last part of every message.
var reasons = map[string]string{
	RuleImport:      "node code runs inside the simulator, which hands it everything it may use; other packages reach the process, the files and the grader",
	RuleConcurrency: "the simulator runs every handler on one thread, one event at a time; goroutines and channels make runs nondeterministic and seeds unreplayable",
	RuleWallClock:   "time in the simulator is virtual (env.Now, env.After); the wall clock differs on every run, so a seed would not replay",
	RuleGlobalRand:  "randomness must come from env.Rand(), which the run's seed derives per node; global sources differ on every run, so a seed would not replay",
	RuleOutput:      "the grader reads only its own results channel, and tests show what nodes say through env.Logf in the trace; printed output is for the simulator alone",
	RuleState:       "nodes share nothing but messages; package-level state is memory every node in the process shares, and init runs code outside the simulator",
	RuleMapOrder:    "Go randomizes map iteration order on every run; a node whose behavior depends on it is nondeterministic and its seeds do not replay (sort the keys first: slices.Sorted(maps.Keys(m)))",
	RuleDirective:   "compiler directives reach past the language (linkname, embed, line directives rewrite positions); node code needs none",
	RuleBuildTag:    "every file of a student package must always be compiled, so that the rules check everything that can run",
	RuleNonGo:       "student packages are Go only: assembly, C and object files run outside the rules",
	RuleCgo:         "cgo runs C code outside the simulator and the rules",
	RuleTypeCheck:   "the rules judge code by its syntax and types, so code the checker cannot parse and type-check is checked by nothing (the compiler's message, where it has one, says what to fix)",
}

// Violation is one broken rule, at a place in a file.
type Violation struct {
	File      string // as the checker was given it: relative to the root for Check
	Line, Col int
	Rule      string
	What      string // what is wrong
}

// String formats v as go vet does: file:line:col: rule: what — why.
func (v Violation) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", v.File, v.Line, v.Col, message(v.Rule, v.What))
}

func message(rule, what string) string {
	return rule + ": " + what + " — " + reasons[rule]
}

// report receives violations at positions of a file set.
type report func(pos token.Pos, rule, what string)

func passReport(pass *analysis.Pass) report {
	return func(pos token.Pos, rule, what string) {
		pass.Report(analysis.Diagnostic{Pos: pos, Category: rule, Message: message(rule, what)})
	}
}

// studentOf returns the student package of students that the package at
// path belongs to ("paxos" for .../paxos/kvpaxos), if any.
func studentOf(path string, students []string) (string, bool) {
	path = strings.TrimSuffix(path, "_test")
	rest, ok := strings.CutPrefix(path, Module+"/")
	if !ok {
		return "", false
	}
	first, _, _ := strings.Cut(rest, "/")
	return first, slices.Contains(students, first)
}

// sortViolations orders vs by file, line, column and rule, and drops
// duplicates.
func sortViolations(vs []Violation) []Violation {
	slices.SortFunc(vs, func(a, b Violation) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		if a.Col != b.Col {
			return a.Col - b.Col
		}
		return strings.Compare(a.String(), b.String())
	})
	return slices.Compact(vs)
}
