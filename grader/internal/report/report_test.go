package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	for _, st := range []Status{Fail, Timeout, Crash, Skip, NotRun, Build, Imports, Pending} {
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
		"ok       -    TestRing     10/10  20 seeds          0.4s",
		"FAIL     -    TestMove       0/5  19/20 seeds       1.2s  1 of 20 seeds failed; first: seed 7",
		"(hidden)",
		"TIMEOUT  A    TestA2     0/6  8/10 seeds       60.0s  stopped at the time limit of 1m0s (seeds still running: 3, 9)",
		"CRASH    B    TestB1     0/7                    0.0s  the test binary died",
		"BUILD FAILED: the lab does not build; every test scores 0:\n    election/node.go:12:2: undefined: x\n  BUILD    -    TestElect    0/10\n",
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
	assert.Contains(t, b.String(), "... and 4 more: seeds 3, 4, 5, 6 (replay them the same way)")
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
	assert.Equal(t, r, back)
	assert.Contains(t, b.String(), `"status": "timeout"`)
	assert.Contains(t, b.String(), `"virtual_seconds": 12`)

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
	assert.Equal(t, "2.1", res.Tests[3].Number)
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
	assert.Equal(t, "Failed: FAIL", c.Failure.Message)
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
	assert.Equal(t, "go run ./grader test hashring --run '^TestMove$'", res.Tests[1].TestCode)
}

func TestWriteFormats(t *testing.T) {
	for _, f := range Formats {
		var b bytes.Buffer
		require.NoError(t, Write(&b, sample(), f, TextOptions{}), f)
		assert.NotEmpty(t, b.String(), f)
	}
	assert.ErrorContains(t, Write(&bytes.Buffer{}, sample(), "yaml", TextOptions{}), `report: unknown format "yaml" (want one of text, json, gradescope, junit, classroom)`)
}
