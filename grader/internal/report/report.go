package report

import (
	"fmt"
	"slices"
	"time"
)

// Version is the version of the JSON format. Merge refuses other versions.
const Version = 1

// Status is how a graded test ended.
type Status string

// The statuses of a graded test, and of its seeds. Only Pass scores
// points.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"    // a seed failed
	Timeout Status = "timeout" // stopped at its time limit
	Memory  Status = "memory"  // killed at its memory limit
	Crash   Status = "crash"   // the test binary died
	Skip    Status = "skip"    // the test skipped itself
	NotRun  Status = "notrun"  // the test never started
	Build   Status = "build"   // the lab does not build
	Imports Status = "imports" // the student package breaks the rules (labs/rules), imports included
	Pending Status = "pending" // not run yet: the run was interrupted (a seed: no result yet)
)

// Report is the result of one run of the grader.
//
// Every field is always written, at its zero value too (0, false, "",
// null, []), so that readers never guess a default.
type Report struct {
	Version    int       `json:"version"`
	Command    string    `json:"command"`    // "test" or "grade"
	Submission string    `json:"submission"` // the graded directory; "" for test
	GoVersion  string    `json:"go_version"`
	Seeds      int       `json:"seeds"`  // -seeds K; 0: each test's default
	Seed       *int64    `json:"seed"`   // -seed N, when one seed ran; null otherwise
	Salted     bool      `json:"salted"` // seeds came from a secret salt
	Race       bool      `json:"race"`
	Shard      string    `json:"shard"`           // "K/N"; "": everything
	Timeout    float64   `json:"timeout_seconds"` // the time limit of one test
	Started    time.Time `json:"started"`
	Wall       float64   `json:"wall_seconds"`
	Complete   bool      `json:"complete"` // false: the run was interrupted and results are partial
	Notes      []string  `json:"notes"`    // problems of the whole run, for people to read
	Labs       []*Lab    `json:"labs"`
}

// Lab is one lab: as package labs finds it in a tree (its graded tests,
// with their points and parts), and then as a run fills it in.
type Lab struct {
	Name string `json:"name"` // "hashring"
	// Number is the lab's place (from 1) among all the labs of the
	// official tree, whichever labs ran; 0 in reports that predate it.
	Number     int      `json:"number"`
	Package    string   `json:"package"` // the test package relative to the module root, "./labs/hashring"
	Student    string   `json:"student"` // the student package's directory relative to the root, "hashring"
	Dir        string   `json:"-"`       // the lab's test directory, absolute
	BuildError string   `json:"build_error"`
	Imports    []string `json:"import_violations"` // every broken rule, as "file:line:col: rule: what — why"
	Tests      []*Test  `json:"tests"`             // by part, in source order within a part (see labs.Load)
}

// Test is one graded test: as package labs finds it in its lab's source
// (name, points, part, where), and then its result.
type Test struct {
	Index int `json:"index"` // position among all selected tests (shards split by it)
	// Number is the test's place (from 1) among all the graded tests of
	// its lab in the official tree, whichever tests ran; 0 in reports
	// that predate it.
	Number   int       `json:"number"`
	Name     string    `json:"name"` // the test function, "TestInitialElection"
	Part     string    `json:"part"` // "" when the lab has no parts
	Points   int       `json:"points"`
	Hidden   bool      `json:"hidden"` // declared in a *_hidden_test.go file (instructor-only)
	Lab      string    `json:"-"`      // the lab's name
	File     string    `json:"-"`      // the file's name, "election_test.go"
	Line     int       `json:"-"`
	Status   Status    `json:"status"`
	Message  string    `json:"message"` // why it scored what it did, one line
	Seeds    int       `json:"seeds"`   // seeds that ran (1 for a test without seeds)
	Passed   int       `json:"seeds_passed"`
	Failures []Failure `json:"failures"` // the seeds that failed, the ones that ran first (see Failure.NotRun)
	// Withheld counts the failing seeds left out of Failures: with
	// salted seeds only a test's first failing seed is shown, since the
	// seeds are the secret.
	Withheld int     `json:"failures_withheld"`
	Output   string  `json:"output"` // more detail: the test's own output, a panic, a compiler message
	Wall     float64 `json:"wall_seconds"`
	Virtual  float64 `json:"virtual_seconds"` // virtual time the seeds simulated
	Events   uint64  `json:"events"`

	// DefaultSeeds is how many seeds the test runs by default, as its
	// lab's test binary reports it on the results channel (0: unknown).
	DefaultSeeds int `json:"-"`
}

// Failure is one seed that did not pass.
type Failure struct {
	// Seed is written as a JSON string: salted seeds are larger than
	// the integers many JSON tools hold exactly.
	Seed    int64  `json:"seed,string"`
	Message string `json:"message"` // what broke, as the test said it
	// Kind is the kind of failure the kit reported: INVARIANT, PANIC,
	// HANG, LIMIT, NONDETERMINISM, MISUSE, LINEARIZABILITY, NOTRUN,
	// FAIL (a check of the test), or TIMEOUT, CRASH and MISSING for
	// seeds that reported nothing.
	Kind      string `json:"kind"`
	Replay    string `json:"replay"` // the command that runs the seed again, from the module root
	Porcupine string `json:"porcupine"`
	// NotRun is a seed the kit did not run (kind NOTRUN, e.g. after a
	// handler of another seed got stuck): reports list such seeds on one
	// line, after the failures.
	NotRun bool `json:"not_run"`
}

// Score returns the test's score: its points if it passed, else 0.
func (t *Test) Score() int {
	if t.Status == Pass {
		return t.Points
	}
	return 0
}

// Score returns the lab's score.
func (l *Lab) Score() int { return sum(l.Tests, (*Test).Score) }

// MaxScore returns the lab's points.
func (l *Lab) MaxScore() int { return sum(l.Tests, func(t *Test) int { return t.Points }) }

// Parts returns the lab's parts, sorted; nil if it has none.
func (l *Lab) Parts() []string {
	var parts []string
	for _, t := range l.Tests {
		if t.Part != "" && !slices.Contains(parts, t.Part) {
			parts = append(parts, t.Part)
		}
	}
	slices.Sort(parts)
	return parts
}

// PartScore returns the score and points of one part of the lab.
func (l *Lab) PartScore(part string) (score, max int) {
	for _, t := range l.Tests {
		if t.Part == part {
			score += t.Score()
			max += t.Points
		}
	}
	return score, max
}

// Score returns the report's total score.
func (r *Report) Score() int { return sum(r.Labs, (*Lab).Score) }

// MaxScore returns the report's total points.
func (r *Report) MaxScore() int { return sum(r.Labs, (*Lab).MaxScore) }

// sum adds up f over xs.
func sum[T any](xs []T, f func(T) int) int {
	n := 0
	for _, x := range xs {
		n += f(x)
	}
	return n
}

// Tests returns every test with its lab, in report order.
func (r *Report) Tests() []LabTest {
	var out []LabTest
	for _, l := range r.Labs {
		for _, t := range l.Tests {
			out = append(out, LabTest{Lab: l, Test: t})
		}
	}
	return out
}

// LabTest is a test and its lab.
type LabTest struct {
	Lab  *Lab
	Test *Test
}

// ID returns "lab/Test".
func (lt LabTest) ID() string { return lt.Lab.Name + "/" + lt.Test.Name }

// Virtual returns the virtual time all tests simulated.
func (r *Report) Virtual() time.Duration {
	var s float64
	for _, lt := range r.Tests() {
		s += lt.Test.Virtual
	}
	return seconds(s)
}

// Passed returns how many tests passed, and how many there are.
func (r *Report) Passed() (passed, total int) {
	for _, lt := range r.Tests() {
		total++
		if lt.Test.Status == Pass {
			passed++
		}
	}
	return passed, total
}

// SeedsText describes the seeds the run used, e.g. "20 seeds per test,
// salted" or "each test's default seeds".
func (r *Report) SeedsText() string {
	var s string
	switch {
	case r.Seed != nil:
		s = fmt.Sprintf("seed %d only", *r.Seed)
	case r.Seeds > 0:
		s = fmt.Sprintf("%d seeds per test", r.Seeds)
	default:
		s = "each test's default number of seeds"
	}
	if r.Salted {
		s += ", derived from the grading salt"
	}
	return s
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
