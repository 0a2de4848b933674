package testrun

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/internal/gotest"
	"github.com/distlab/distlab/labs/kit/results"
)

// The testdata/*.jsonl streams are what go tool test2json printed for the
// fake lab's tests (grader/testdata/fakelab) with -seeds 3.

func collectFile(t *testing.T, name, test string) *Outcome {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	var events int
	out, err := Collect(f, test, func(*Outcome) { events++ })
	require.NoError(t, err)
	require.NotZero(t, events, "the callback sees the events")
	return out
}

func TestCollectPass(t *testing.T) {
	out := collectFile(t, "pass.jsonl", "TestPass")
	assert.Equal(t, report.Pass, out.Status, "as the output says: Run checks it against the channel")
	require.Len(t, out.Seeds, 3, "the seeds the output mentions, for the progress display")
	for i, s := range out.Seeds {
		assert.Equal(t, int64(i+1), s.Seed)
		assert.Equal(t, report.Pass, s.Status)
		assert.Empty(t, s.Message, "a seed's output is not its result")
	}
	assert.Empty(t, out.Output, "framing and the seeds' logs are not the test's output")
	assert.Empty(t, out.Panic)
}

func TestCollectFailingSeeds(t *testing.T) {
	out := collectFile(t, "oddseeds.jsonl", "TestOddSeeds")
	assert.Equal(t, report.Fail, out.Status)
	require.Len(t, out.Seeds, 3)
	assert.Equal(t, []report.Status{report.Fail, report.Pass, report.Fail}, []report.Status{out.Seeds[0].Status, out.Seeds[1].Status, out.Seeds[2].Status})
}

func TestCollectSkip(t *testing.T) {
	out := collectFile(t, "skip.jsonl", "TestSkip")
	assert.Equal(t, report.Skip, out.Status)
	assert.Equal(t, "not today", out.Output)
	assert.Empty(t, out.Seeds)
}

func TestCollectExitMidTest(t *testing.T) {
	out := collectFile(t, "exit.jsonl", "TestExit")
	assert.Equal(t, report.NotRun, out.Status, "the test never finished; Run turns this into Crash")
	require.NotEmpty(t, out.Seeds)
	assert.Empty(t, out.Panic)
}

func TestCollectTimeout(t *testing.T) {
	out := collectFile(t, "hang.jsonl", "TestHang")
	assert.Equal(t, report.Timeout, out.Status)
	assert.True(t, strings.HasPrefix(out.Panic, "panic: test timed out after 2s"), out.Panic)
	assert.LessOrEqual(t, strings.Count(out.Panic, "\n"), panicLines, "the panic is cut short")
	assert.NotContains(t, out.Output, "goroutine", "the goroutine dump is not the test's output")
}

func TestCollectIgnoresOtherTestsAndKeepsStrayLines(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"run","Test":"TestOther"}`,
		`{"Action":"output","Test":"TestOther","Output":"    x_test.go:1: other\n"}`,
		`{"Action":"fail","Test":"TestOther"}`,
		`go: downloading something`,
		`{"Action":"run","Test":"TestMine"}`,
		`{"Action":"output","Test":"TestMine/seed=5/inner","Output":"    x_test.go:2: deep\n"}`,
		`{"Action":"pass","Test":"TestMine/seed=5/inner"}`,
		`{"Action":"output","Test":"TestMine/seed=5","Output":"    x_test.go:3: boom\n"}`,
		`{"Action":"fail","Test":"TestMine/seed=5","Elapsed":1.5}`,
		`{"Action":"output","Test":"TestMine/case","Output":"    x_test.go:4: not a seed\n"}`,
		`{"Action":"pass","Test":"TestMine/case"}`,
		`{"Action":"fail","Test":"TestMine","Elapsed":2}`,
	}, "\n")
	out, err := Collect(strings.NewReader(in), "TestMine", nil)
	require.NoError(t, err)
	assert.Equal(t, report.Fail, out.Status)
	assert.Equal(t, 2*time.Second, out.Elapsed)
	require.Len(t, out.Seeds, 1, "a subtest not named seed=N is no seed")
	assert.Equal(t, &Seed{Record: results.Record{Seed: 5}, Status: report.Fail}, out.Seeds[0], "a subtest of a seed does not end it")
	assert.Equal(t, "go: downloading something", out.Stray)
}

func TestCollectPanicOutsideTheSimulator(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"run","Test":"TestX"}`,
		`{"Action":"output","Test":"TestX/seed=1","Output":"panic: close of closed channel\n"}`,
		`{"Action":"output","Test":"TestX/seed=1","Output":"\n"}`,
		`{"Action":"output","Test":"TestX/seed=1","Output":"goroutine 7 [running]:\n"}`,
		`{"Action":"output","Output":"FAIL\tlabs/x\t0.01s\n"}`,
		`{"Action":"fail","Test":"TestX/seed=1"}`,
	}, "\n")
	out, err := Collect(strings.NewReader(in), "TestX", nil)
	require.NoError(t, err)
	assert.Equal(t, report.NotRun, out.Status)
	assert.Equal(t, "panic: close of closed channel\n\ngoroutine 7 [running]:\nFAIL\tlabs/x\t0.01s", out.Panic)
	assert.Equal(t, report.Fail, out.Seeds[0].Status)
}

func TestCappedOutput(t *testing.T) {
	var c cappedBuilder
	for range maxOutput / 10 * 2 {
		c.WriteString("0123456789")
	}
	s := c.String()
	assert.True(t, strings.HasPrefix(s, "0123456789"))
	assert.Contains(t, s, "more bytes of output not kept")
	assert.Less(t, len(s), maxOutput+100)
}

// benchStream is a test2json stream of 100 copies of the failing test.
func benchStream(b *testing.B) []byte {
	data, err := os.ReadFile(filepath.Join("testdata", "oddseeds.jsonl"))
	require.NoError(b, err)
	return bytes.Repeat(data, 100)
}

// BenchmarkCollect measures reading test2json output into an Outcome.
func BenchmarkCollect(b *testing.B) {
	data := benchStream(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Collect(bytes.NewReader(data), "TestOddSeeds", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeBaseline is the floor of BenchmarkCollect: decoding the
// same lines into events and nothing else.
func BenchmarkDecodeBaseline(b *testing.B) {
	data := benchStream(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		for _, line := range bytes.Split(data, []byte("\n")) {
			var ev gotest.Event
			if len(line) > 0 {
				if err := json.Unmarshal(line, &ev); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
