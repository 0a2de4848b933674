package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/kit/results"
)

// sample returns a report with a test of every status.
func sample() *Report {
	return &Report{
		Version:   Version,
		Command:   "grade",
		GoVersion: "go1.26.0 linux/amd64",
		Salted:    true,
		Timeout:   60,
		Started:   time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Wall:      12.5,
		Complete:  true,
		Labs: []*Lab{
			{
				Name: "hashring", Package: "./labs/hashring", Student: "hashring",
				Tests: []*Test{
					{Index: 0, Name: "TestRing", Points: 10, Status: Pass, Seeds: 20, Passed: 20, Wall: 0.4, Virtual: 12, Events: 1000},
					{Index: 1, Name: "TestMove", Points: 5, Status: Fail, Seeds: 20, Passed: 19, Wall: 1.2, Virtual: 30,
						Message: "1 of 20 seeds failed; first: seed 7 at virtual time 1.000000s: key k3 moved",
						Failures: []Failure{{Seed: 7, Message: "seed 7 at virtual time 1.000000s: key k3 moved\n    replay: go test ./labs/hashring -run '^TestMove$/^seed=7$' -seed 7 -events",
							Replay: "go test ./labs/hashring -run '^TestMove$/^seed=7$' -seed 7 -events"}}},
					{Index: 2, Name: "TestSecret", Points: 2, Hidden: true, Status: Pass, Seeds: 5, Passed: 5, Wall: 0.1},
				},
			},
			{
				Name: "paxos", Package: "./labs/paxos", Student: "paxos",
				Tests: []*Test{
					{Index: 3, Name: "TestA1", Part: "A", Points: 4, Status: Pass, Seeds: 10, Passed: 10, Wall: 2},
					{Index: 4, Name: "TestA2", Part: "A", Points: 6, Status: Timeout, Seeds: 10, Passed: 8, Wall: 60,
						Message:  "stopped at the time limit of 1m0s (seeds still running: 3, 9)",
						Failures: []Failure{{Seed: 3, Message: "seed 3 did not finish before the time limit", Replay: "go test ./labs/paxos -run '^TestA2$/^seed=3$' -seed 3 -events"}}},
					{Index: 5, Name: "TestB1", Part: "B", Points: 7, Status: Crash, Message: "the test binary died before the test finished: panic: boom", Output: "panic: boom\n\ngoroutine 1 [running]:"},
					{Index: 6, Name: "TestB2", Part: "B", Points: 3, Status: Skip, Message: "the test skipped itself, which scores 0: later"},
				},
			},
			{
				Name: "election", Package: "./labs/election", Student: "election",
				BuildError: "election/node.go:12:2: undefined: x",
				Tests: []*Test{
					{Index: 7, Name: "TestElect", Points: 10, Status: Build, Message: "the lab does not build"},
				},
			},
		},
	}
}

func TestScores(t *testing.T) {
	r := sample()
	assert.Equal(t, 16, r.Score(), "10 + 2 + 4: only passing tests score")
	assert.Equal(t, 47, r.MaxScore())
	h, p, e := r.Labs[0], r.Labs[1], r.Labs[2]
	assert.Equal(t, 12, h.Score())
	assert.Equal(t, 17, h.MaxScore())
	assert.Nil(t, h.Parts())
	assert.Equal(t, []string{"A", "B"}, p.Parts())
	s, m := p.PartScore("A")
	assert.Equal(t, [2]int{4, 10}, [2]int{s, m}, "part A: one test of two passed")
	s, m = p.PartScore("B")
	assert.Equal(t, [2]int{0, 10}, [2]int{s, m})
	assert.Equal(t, 0, e.Score())
	passed, total := r.Passed()
	assert.Equal(t, [2]int{3, 8}, [2]int{passed, total})
	assert.Equal(t, 42*time.Second, r.Virtual())
	for _, st := range []Status{Fail, Timeout, Memory, Crash, Skip, NotRun, Build, Imports, Pending} {
		assert.Zero(t, (&Test{Points: 5, Status: st}).Score(), "a %s test scores 0", st)
	}
}

func TestSeedsText(t *testing.T) {
	seed := int64(17)
	assert.Equal(t, "each test's default number of seeds", (&Report{}).SeedsText())
	assert.Equal(t, "50 seeds per test, derived from the grading salt", (&Report{Seeds: 50, Salted: true}).SeedsText())
	assert.Equal(t, "seed 17 only", (&Report{Seed: &seed}).SeedsText())
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteText(&b, sample(), TextOptions{}))
	out := b.String()
	for _, want := range []string{
		"hashring  (./labs/hashring, student package hashring/)",
		"\nok       hashring/TestRing  10/10  20/20 seeds  0.4s\n",
		"\nFAIL     hashring/TestMove  0/5  19/20 seeds  1.2s  1 of 20 seeds failed; first: seed 7",
		"\nok       hashring/TestSecret  2/2  5/5 seeds  0.1s  (hidden)\n",
		"\nTIMEOUT  paxos/TestA2 (part A)  0/6  8/10 seeds  60.0s  stopped at the time limit of 1m0s (seeds still running: 3, 9)\n",
		"\nCRASH    paxos/TestB1 (part B)  0/7  0.0s  the test binary died",
		"BUILD FAILED: the lab does not build; every test scores 0:\n    election/node.go:12:2: undefined: x\nBUILD    election/TestElect  0/10  0.0s  the lab does not build\n",
		"--- hashring/TestMove: 1 of 20 seeds failed",
		"  seed 7 at virtual time 1.000000s: key k3 moved\n      replay: go test ./labs/hashring -run '^TestMove$/^seed=7$' -seed 7 -events",
		"--- paxos/TestA2: stopped at the time limit",
		"      replay: go test ./labs/paxos -run '^TestA2$/^seed=3$' -seed 3 -events",
		"  panic: boom",
		"  paxos     part A       4/10",
		"  total                 16/47",
		"3 of 8 tests passed, each test's default number of seeds, derived from the grading salt; wall 12.5s, virtual 42s simulated",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "\x1b[", "no colors unless asked")
	assert.Equal(t, 1, strings.Count(out, "replay: go test ./labs/hashring"), "a replay line in the message is not repeated")

	b.Reset()
	require.NoError(t, WriteText(&b, sample(), TextOptions{Streamed: true}))
	assert.True(t, strings.HasPrefix(b.String(), "Failures\n"), "streamed: the tables were printed as the tests finished:\n%s", b.String())
	assert.Equal(t, out[strings.Index(out, "Failures\n"):], b.String())

	b.Reset()
	require.NoError(t, WriteText(&b, sample(), TextOptions{Color: true}))
	assert.Contains(t, b.String(), "\x1b[32mok\x1b[0m")
	assert.Contains(t, b.String(), "\x1b[31mFAIL\x1b[0m")
}

func TestWriteTextManyFailures(t *testing.T) {
	r := sample()
	tt := r.Labs[0].Tests[1]
	tt.Failures = nil
	for seed := int64(1); seed <= 6; seed++ {
		tt.Failures = append(tt.Failures, Failure{Seed: seed, Message: "seed broke"})
	}
	var b bytes.Buffer
	require.NoError(t, WriteText(&b, r, TextOptions{MaxFailures: 2}))
	assert.Contains(t, b.String(), "  seed broke\n  seed broke\n  ... and 4 more failing: seeds 3, 4, 5, 6 (replay one with go run ./grader replay hashring TestMove --seed N)\n")
}

// manyFailures gives a test 95 failing seeds, with long messages, as a
// lossy network can.
func manyFailures(tt *Test) {
	tt.Failures = nil
	for seed := int64(1); seed <= 95; seed++ {
		msg := fmt.Sprintf("seed %d at virtual time 1.000000s: %s\n    replay: go test ./labs/hashring -run '^TestMove$/^seed=%d$' -seed %d -events",
			seed, strings.Repeat("two leaders in term 3 ", 20), seed, seed)
		tt.Failures = append(tt.Failures, Failure{Seed: seed, Message: msg})
	}
}

// TestEveryFormatCapsTheFailuresShown checks that the formats people read
// show the first failing seeds in full and list the others, as the text
// report does, instead of every message.
func TestEveryFormatCapsTheFailuresShown(t *testing.T) {
	r := sample()
	manyFailures(r.Labs[0].Tests[1])
	check := func(t *testing.T, out string) {
		t.Helper()
		assert.Equal(t, 3, strings.Count(out, "1.000000s: two leaders"), "the first 3 seeds in full")
		assert.Contains(t, out, "... and 92 more failing: seeds 4, 5, 6, ")
		assert.Contains(t, out, ", 94, 95 (replay one with go run ./grader replay hashring TestMove --seed N)")
	}
	t.Run("details", func(t *testing.T) {
		d := Details(r.Labs[0], r.Labs[0].Tests[1])
		check(t, d)
		assert.Less(t, len(d), 3000, "not ~40KB")
	})
	t.Run("gradescope", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteGradescope(&b, r))
		var res gradescopeResults
		require.NoError(t, json.Unmarshal(b.Bytes(), &res))
		check(t, res.Tests[1].Output)
	})
	t.Run("classroom", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteClassroom(&b, r))
		var res classroomResult
		require.NoError(t, json.Unmarshal(b.Bytes(), &res))
		check(t, res.Tests[1].Message)
	})
	t.Run("junit", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteJUnit(&b, r))
		var doc junitSuites
		require.NoError(t, xml.Unmarshal(b.Bytes(), &doc))
		check(t, doc.Suites[0].Cases[1].Failure.Text)
	})
	t.Run("text", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteText(&b, r, TextOptions{}))
		check(t, b.String())
	})
	t.Run("json keeps them all", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteJSON(&b, r))
		assert.Equal(t, 95, strings.Count(b.String(), "1.000000s: two leaders"))
	})
}

// TestStuckHandlerThenSeedsNotRun: after a handler got stuck the kit
// fails the remaining seeds at once with "not run:"; reports show the
// HANG in full, then one line for the seeds not run.
func TestStuckHandlerThenSeedsNotRun(t *testing.T) {
	r := sample()
	tt := r.Labs[0].Tests[1]
	tt.Message = "1 of 100 seeds failed, 95 not run; first: seed 3 at virtual time 0.120000s: HANG: a handler never returned"
	tt.Failures = []Failure{{Seed: 3, Kind: string(results.Hang), Message: "seed 3 at virtual time 0.120000s: HANG: a handler never returned\n    node s1, handling a Put\n    replay: go test ./labs/hashring -run '^TestMove$/^seed=3$' -seed 3 -events"}}
	for seed := int64(6); seed <= 100; seed++ {
		tt.Failures = append(tt.Failures, Failure{Seed: seed, NotRun: true, Kind: "NOTRUN",
			Message: fmt.Sprintf("seed %d: not run: a stuck handler holds the CPU (see above)\n    replay: go test ./labs/hashring -run '^TestMove$/^seed=%d$' -seed %d -events", seed, seed, seed)})
	}
	const note = "and 95 seeds not run: the kit stopped running seeds after a handler got stuck (HANG above); " +
		"seeds 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, ... (each replays on its own: go run ./grader replay hashring TestMove --seed N)"
	for name, out := range map[string]string{
		"details": Details(r.Labs[0], tt),
		"text": func() string {
			var b bytes.Buffer
			require.NoError(t, WriteText(&b, r, TextOptions{}))
			return b.String()
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			hang := strings.Index(out, "HANG: a handler never returned\n")
			line := strings.Index(out, note)
			require.True(t, hang >= 0 && line >= 0, out)
			assert.Less(t, hang, line, "the HANG first")
			assert.NotContains(t, out, "not run: a stuck handler", "the seeds not run are not shown one by one")
			assert.NotContains(t, out, "more failing", "seeds not run are not failures to replay one by one")
		})
	}

	// Without a HANG to blame, the note says what the kit said.
	tt.Failures = tt.Failures[1:3]
	assert.Contains(t, Details(r.Labs[0], tt), "and 2 seeds not run: the kit said: a stuck handler holds the CPU; seeds 6, 7 (each replays")
}

func TestIncompleteSummary(t *testing.T) {
	r := sample()
	r.Complete = false
	r.Shard = "2/3"
	r.Race = true
	assert.Contains(t, Summary(r), "; race detector on; shard 2/3; INCOMPLETE: the run was interrupted")
}

func TestJSONRoundTrip(t *testing.T) {
	r := sample()
	path := filepath.Join(t.TempDir(), "r.json")
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, r))
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	back, err := ReadJSON(path)
	require.NoError(t, err)
	assert.Equal(t, withLists(r), back)
	assert.Contains(t, b.String(), `"status": "timeout"`)
	assert.Contains(t, b.String(), `"virtual_seconds": 12`)
	for _, field := range []string{`"seeds": 0,`, `"seed": null,`, `"race": false,`, `"shard": "",`, `"submission": "",`,
		`"notes": [],`, `"import_violations": [],`, `"failures": [],`, `"part": "",`, `"hidden": false,`, `"porcupine": "",`, `"not_run": false`} {
		assert.Contains(t, b.String(), field, "fields at their zero value are written too")
	}
	assert.NotContains(t, b.String(), "null,\n      \"", "lists are [], not null")

	require.NoError(t, os.WriteFile(path, []byte(`{"version": 9}`), 0o644))
	_, err = ReadJSON(path)
	assert.ErrorContains(t, err, "has format version 9")
	require.NoError(t, os.WriteFile(path, []byte(`<xml/>`), 0o644))
	_, err = ReadJSON(path)
	assert.ErrorContains(t, err, "is not a grader JSON report")
}

func TestWriteGradescope(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteGradescope(&b, sample()))
	var res struct {
		Score         float64 `json:"score"`
		ExecutionTime int     `json:"execution_time"`
		Output        string  `json:"output"`
		Tests         []struct {
			Name       string  `json:"name"`
			Number     string  `json:"number"`
			Score      float64 `json:"score"`
			MaxScore   float64 `json:"max_score"`
			Status     string  `json:"status"`
			Output     string  `json:"output"`
			Visibility string  `json:"visibility"`
		} `json:"tests"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &res))
	assert.Equal(t, 16.0, res.Score)
	assert.Equal(t, 13, res.ExecutionTime, "12.5s rounds to 13")
	assert.Contains(t, res.Output, "total                 16/47")
	require.Len(t, res.Tests, 8)
	var sum float64
	for _, x := range res.Tests {
		sum += x.Score
	}
	assert.Equal(t, res.Score, sum, "the tests add up to the score")
	move := res.Tests[1]
	assert.Equal(t, "hashring: TestMove", move.Name)
	assert.Equal(t, "1.2", move.Number)
	assert.Equal(t, 0.0, move.Score)
	assert.Equal(t, 5.0, move.MaxScore)
	assert.Equal(t, "failed", move.Status)
	assert.Contains(t, move.Output, "replay: go test ./labs/hashring -run '^TestMove$/^seed=7$' -seed 7 -events")
	assert.Equal(t, "after_published", res.Tests[2].Visibility, "hidden tests show once grades are published")
	assert.Equal(t, "visible", res.Tests[0].Visibility)
	assert.Equal(t, "passed", res.Tests[0].Status)
	assert.Equal(t, "paxos part A: TestA1", res.Tests[3].Name)
	assert.Equal(t, "2.1", res.Tests[3].Number, "a report without numbers: places in the report")
}

// TestGradescopeNumbersAreStable: a test's number comes from its lab's
// place among all labs and its place in the lab, not from what ran.
func TestGradescopeNumbersAreStable(t *testing.T) {
	r := sample()
	r.Labs = r.Labs[1:2] // --labs paxos: paxos is the third lab of the tree
	r.Labs[0].Number = 3
	r.Labs[0].Tests = r.Labs[0].Tests[2:] // --run 'B': the 5th and 7th tests of the lab
	r.Labs[0].Tests[0].Number, r.Labs[0].Tests[1].Number = 5, 7
	var b bytes.Buffer
	require.NoError(t, WriteGradescope(&b, r))
	var res gradescopeResults
	require.NoError(t, json.Unmarshal(b.Bytes(), &res))
	require.Len(t, res.Tests, 2)
	assert.Equal(t, "3.5", res.Tests[0].Number)
	assert.Equal(t, "3.7", res.Tests[1].Number)
}

func TestWriteJUnit(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteJUnit(&b, sample()))
	assert.True(t, strings.HasPrefix(b.String(), `<?xml version="1.0" encoding="UTF-8"?>`+"\n<testsuites"))
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(b.Bytes(), &doc))
	assert.Equal(t, 8, doc.Tests)
	assert.Equal(t, 5, doc.Failures)
	require.Len(t, doc.Suites, 3)
	s := doc.Suites[0]
	assert.Equal(t, "github.com/distlab/distlab/labs/hashring", s.Name)
	assert.Equal(t, "2025-01-02T03:04:05Z", s.Timestamp)
	assert.Equal(t, 3, s.Tests)
	assert.Equal(t, 1, s.Failures)
	assert.Equal(t, "1.700000", s.Time)
	assert.Contains(t, s.Properties, junitProperty{Name: "go.version", Value: "go1.26.0 linux/amd64"})
	assert.Contains(t, s.Properties, junitProperty{Name: "score", Value: "12"})
	c := s.Cases[1]
	assert.Equal(t, "github.com/distlab/distlab/labs/hashring", c.Classname)
	assert.Equal(t, "TestMove", c.Name)
	assert.Equal(t, "1.200000", c.Time)
	require.NotNil(t, c.Failure)
	assert.Equal(t, "1 of 20 seeds failed; first: seed 7 at virtual time 1.000000s: key k3 moved", c.Failure.Message, "the summary line")
	assert.Equal(t, "FAIL", c.Failure.Type)
	assert.Equal(t, []junitProperty{{Name: "points", Value: "5"}, {Name: "part", Value: ""}}, c.Properties)
	assert.Contains(t, doc.Suites[1].Cases[0].Properties, junitProperty{Name: "part", Value: "A"})
	assert.Contains(t, c.Failure.Text, "seed 7 at virtual time 1.000000s: key k3 moved")
	assert.Nil(t, s.Cases[0].Failure)
	assert.Contains(t, doc.Suites[2].Cases[0].Failure.Text, "the lab does not build")
}

func TestWriteClassroom(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteClassroom(&b, sample()))
	var res classroomResult
	require.NoError(t, json.Unmarshal(b.Bytes(), &res))
	assert.Equal(t, 1, res.Version)
	assert.Equal(t, "fail", res.Status)
	assert.Equal(t, 47, res.MaxScore)
	require.Len(t, res.Tests, 8)
	total := 0
	for _, x := range res.Tests {
		total += x.Score
	}
	assert.Equal(t, 16, total, "the reporter adds the tests' scores")
	assert.Equal(t, "hashring: TestRing (10 pts)", res.Tests[0].Name)
	assert.Equal(t, "pass", res.Tests[0].Status)
	assert.Equal(t, "fail", res.Tests[1].Status)
	assert.Equal(t, "go run ./grader test hashring/TestMove", res.Tests[1].TestCode)
}

func TestWriteFormats(t *testing.T) {
	for _, f := range Formats {
		var b bytes.Buffer
		require.NoError(t, Write(&b, sample(), f, TextOptions{}), f)
		assert.NotEmpty(t, b.String(), f)
	}
	assert.ErrorContains(t, Write(&bytes.Buffer{}, sample(), "yaml", TextOptions{}), `report: unknown format "yaml" (want one of text, json, gradescope, junit, classroom)`)
}

// TestWithheldFailures: with salted seeds only the first failing seed is
// listed; the others are counted, never named.
func TestWithheldFailures(t *testing.T) {
	r := sample()
	tt := r.Labs[0].Tests[1]
	tt.Failures = tt.Failures[:1]
	tt.Withheld = 4
	d := Details(r.Labs[0], tt)
	assert.Contains(t, d, "... and 4 more failing seeds (the grading seeds are secret: only the first failing seed of a test is shown)")
}
