package testrun

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/report"
)

// hogModule is a module whose tests use memory: TestHog keeps all it
// allocates, TestGarbage turns the collector off and allocates 1 GiB of
// garbage (only GOMEMLIMIT makes it collect), TestSmall uses next to
// nothing.
var hogModule = map[string]string{
	"go.mod": "module hog\n\ngo 1.26\n",
	"hog_test.go": `package hog

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"testing"
)

var keep [][]byte

// The grader's results channel, written here by hand: one passing seed.
var (
	results  = flag.String("results", "", "")
	seedList = flag.String("seed-list", "", "")
)

func passed(t *testing.T) {
	f, err := os.OpenFile(*results, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "{\"type\":\"seed\",\"test\":%q,\"seed\":\"1\",\"verdict\":\"pass\"}\n", t.Name())
	f.Close()
}

func touch(b []byte) {
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
}

func TestHog(t *testing.T) {
	for {
		b := make([]byte, 8<<20)
		touch(b)
		keep = append(keep, b)
	}
}

func TestGarbage(t *testing.T) {
	debug.SetGCPercent(-1)
	for range 128 {
		touch(make([]byte, 8<<20))
	}
	passed(t)
}

func TestSmall(t *testing.T) { passed(t) }
`,
}

// TestMemoryLimit runs tests under a memory limit: one that keeps
// allocating is killed and reported with the memory it reached; one that
// only makes garbage is saved by GOMEMLIMIT; and a small one passes with
// its peak recorded.
func TestMemoryLimit(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the memory limit reads /proc")
	}
	dir := t.TempDir()
	for name, text := range hogModule {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	ctx := context.Background()
	const limit = 256 << 20
	c := Config{Root: dir, Seed: -1, Timeout: time.Minute, Memory: limit}
	bin, err := Build(ctx, c, ".", t.TempDir())
	require.NoError(t, err)

	t.Run("hog", func(t *testing.T) {
		out, err := Run(ctx, c, bin, dir, "hog", "TestHog", []int64{1}, nil)
		require.NoError(t, err)
		assert.Equal(t, report.Memory, out.Status)
		assert.True(t, out.MemoryOver)
		assert.Greater(t, out.Memory, int64(limit))
		t.Logf("killed at %s (limit %s)", FormatBytes(out.Memory), FormatBytes(limit))
		assert.Less(t, out.Wall, c.Timeout/2, "stopped at its memory limit, long before its time limit")
	})
	t.Run("garbage", func(t *testing.T) {
		out, err := Run(ctx, c, bin, dir, "hog", "TestGarbage", []int64{1}, nil)
		require.NoError(t, err)
		assert.Equal(t, report.Pass, out.Status, "GOMEMLIMIT makes the collector run: %s", out.Stray)
		assert.False(t, out.MemoryOver)
		assert.LessOrEqual(t, out.Memory, int64(limit))
	})
	t.Run("no limit", func(t *testing.T) {
		c := c
		c.Memory = 0
		out, err := Run(ctx, c, bin, dir, "hog", "TestSmall", []int64{1}, nil)
		require.NoError(t, err)
		assert.Equal(t, report.Pass, out.Status)
		assert.Zero(t, out.Memory, "nothing watched")
	})
	t.Run("small", func(t *testing.T) {
		out, err := Run(ctx, c, bin, dir, "hog", "TestSmall", []int64{1}, nil)
		require.NoError(t, err)
		assert.Equal(t, report.Pass, out.Status)
		assert.False(t, out.MemoryOver)
		assert.Positive(t, out.Memory, "the peak is recorded")
	})
}

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"2GiB", 2 << 30},
		{"2G", 2 << 30},
		{"1.5GiB", 3 << 29},
		{"512MiB", 512 << 20},
		{"512 mib", 512 << 20},
		{"2GB", 2e9},
		{"100", 100},
		{"0", 0},
		{"off", 0},
		{"none", 0},
	} {
		got, err := ParseBytes(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"", "GiB", "2 parsecs", "-1GiB", "1e30GiB", "1..5G"} {
		_, err := ParseBytes(bad)
		assert.Error(t, err, bad)
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{
		512:        "512 B",
		2 << 30:    "2 GiB",
		3 << 29:    "1.5 GiB",
		300 << 20:  "300 MiB",
		2200 << 20: "2.1 GiB",
	} {
		assert.Equal(t, want, FormatBytes(n), "%d", n)
	}
}
