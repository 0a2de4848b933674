package testrun

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/labs/kit/results"
)

// reconcile checks a test's results channel against the seeds asked for.
// It returns one Seed per seed asked for, in order (Pending if it
// reported nothing), the kit's error report if any, and, when the channel
// does not hold exactly one result for each seed asked for and nothing
// else, why: "results missing: ...".
func reconcile(test string, asked []int64, recs []results.Record) (seeds []*Seed, kitErr, missing string) {
	by := map[int64]*Seed{}
	for _, n := range asked {
		s := &Seed{Record: results.Record{Seed: n}, Status: report.Pending}
		by[n] = s
		seeds = append(seeds, s)
	}
	var problems []string
	seen := map[int64]bool{}
	for _, r := range recs {
		switch {
		case r.Test != test:
			problems = append(problems, fmt.Sprintf("a result of %s, which did not run", r.Test))
			continue
		case r.Type == results.TypeError:
			if kitErr == "" {
				kitErr = r.Message
			}
			continue
		case r.Type != results.TypeSeed:
			problems = append(problems, fmt.Sprintf("a %q record, which a run of seeds does not write", r.Type))
			continue
		}
		s, ok := by[r.Seed]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("a result for seed %d, which the grader did not ask for", r.Seed))
			continue
		case seen[r.Seed]:
			problems = append(problems, fmt.Sprintf("two results for seed %d", r.Seed))
			s.Status = report.Fail // whichever said pass, it is not one
			continue
		}
		seen[r.Seed] = true
		fill(s, r)
	}
	unreported := len(asked) - len(seen)
	switch {
	case len(recs) == 0:
		problems = append([]string{"the test reported no result on the kit's channel"}, problems...)
	case unreported > 0 && kitErr == "":
		problems = append([]string{fmt.Sprintf("%d of %d seeds reported no result", unreported, len(asked))}, problems...)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], fmt.Sprintf("%d more", len(problems)-3))
		}
		missing = "results missing: " + strings.Join(problems, "; ")
	}
	return seeds, kitErr, missing
}

// fill sets s from its record.
func fill(s *Seed, r results.Record) {
	s.Record, s.Status = r, report.Status(r.Verdict) // the kit's verdicts are the grader's words
	if s.Status != report.Pass && s.Status != report.Skip {
		s.Status, s.Kind = report.Fail, cmp.Or(s.Kind, results.Failed)
	}
}

// allPassed reports whether every seed passed.
func allPassed(seeds []*Seed) bool {
	return !slices.ContainsFunc(seeds, func(s *Seed) bool { return s.Status != report.Pass })
}

// secretNames are the parts of the names of environment variables that
// hold secrets, which a test process never sees.
var secretNames = []string{"SALT", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE_KEY", "API_KEY", "APIKEY"}

// minSecret is the shortest secret ChildEnv looks for in values: a
// shorter one would match everywhere (and guards nothing).
const minSecret = 6

// ChildEnv returns env without what a test process must not see: the
// variables whose names say they hold a secret (DISTLAB_SALT, *_TOKEN,
// ...) and any whose value holds one of secrets (the salt) of at least
// minSecret bytes.
func ChildEnv(env []string, secrets ...string) []string {
	var out []string
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		upper := strings.ToUpper(name)
		if slices.ContainsFunc(secretNames, func(s string) bool { return strings.Contains(upper, s) }) {
			continue
		}
		if slices.ContainsFunc(secrets, func(s string) bool { return len(s) >= minSecret && strings.Contains(value, s) }) {
			continue
		}
		out = append(out, kv)
	}
	return out
}
