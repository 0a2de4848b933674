package results

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.jsonl")
	w := NewWriter(path)
	want := []Record{
		{Type: TypeSweep, Test: "TestA", DefaultSeeds: 20},
		{Type: TypeSeed, Test: "TestA", Seed: 9007199254740993, Verdict: Pass, Fingerprint: "4be1c2a9d0e3f567", Events: 12, Virtual: time.Second, Wall: time.Millisecond, Replay: "go test ./labs/a -run '^TestA$/^seed=9007199254740993$' -seed 9007199254740993 -events"},
		{Type: TypeSeed, Test: "TestA", Seed: 3, Verdict: Fail, Kind: Linearizability, First: "seed 3: LINEARIZABILITY violated", Message: "seed 3: LINEARIZABILITY violated\n    ...", Porcupine: "/tmp/p.html"},
		{Type: TypeError, Test: "TestB", Message: "kit: -seeds 0: want at least 1"},
	}
	for _, r := range want {
		require.NoError(t, w.Write(r))
	}
	got, err := ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"seed":"9007199254740993"`, "seeds are strings: JSON numbers lose them")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

func TestConcurrentWritesKeepWholeLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.jsonl")
	w := NewWriter(path)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, w.Write(Record{Type: TypeSeed, Test: "TestA", Seed: int64(i), Verdict: Pass, Message: strings.Repeat("x", 5000)}))
		}()
	}
	wg.Wait()
	got, err := ReadFile(path)
	require.NoError(t, err)
	assert.Len(t, got, 50)
}

func TestLongMessagesAreCut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.jsonl")
	require.NoError(t, NewWriter(path).Write(Record{Type: TypeSeed, Test: "TestA", Verdict: Fail, Message: strings.Repeat("é", MaxMessage)}))
	got, err := ReadFile(path)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.LessOrEqual(t, len(got[0].Message), MaxMessage+20)
	assert.True(t, strings.HasSuffix(got[0].Message, "... (cut)"))
}

func TestReadRejects(t *testing.T) {
	for _, in := range []string{
		"=== RUN   TestA\n",
		`{"type":"seed","test":"TestA","verdict":"pass","extra":1}` + "\n",
		`{"type":"pass","test":"TestA"}` + "\n",
	} {
		_, err := Read(strings.NewReader(in))
		assert.Error(t, err, in)
	}
	recs, err := ReadFile(filepath.Join(t.TempDir(), "none"))
	assert.NoError(t, err, "no file: no records")
	assert.Empty(t, recs)
}

func TestReplayCommand(t *testing.T) {
	assert.Equal(t, `go test ./labs/x -run '^TestShardMove$/^seed=17$' -seed 17 -events`, ReplayCommand("./labs/x", "TestShardMove/seed=17", 17))
	assert.Equal(t, `go test ./labs/x -run '^TestA$/^B\.C$/^seed=3$' -seed 3 -events`, ReplayCommand("./labs/x", "TestA/B.C/seed=3", 3), "regexp characters are quoted")
	assert.Equal(t, `go test ./labs/x -run '^TestRing$/^seed=2$' -seed 2`, Replay("./labs/x", "TestRing/seed=2", 2, false), "no -events without a simulation")
}
