package testrun

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bombModule is a module whose package the compiler never finishes:
// each bombK instantiates bombK-1 with two new types, 2^40 functions in
// all, and the compiler grows as it goes.
func bombModule(t *testing.T) string {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("package bomb\n\nfunc bomb0[T any](x T) T { return x }\n")
	for k := 1; k <= 40; k++ {
		fmt.Fprintf(&b, "func bomb%d[T any](x T) T { bomb%d([2]T{x, x}); bomb%d(struct{ a, b T }{x, x}); return x }\n", k, k-1, k-1)
	}
	b.WriteString("\nfunc Bomb() int { return bomb40(1) }\n")
	files := map[string]string{
		"go.mod":       "module bomb\n\ngo 1.26\n",
		"bomb.go":      b.String(),
		"bomb_test.go": "package bomb\n\nimport \"testing\"\n\nfunc TestBomb(t *testing.T) { Bomb() }\n",
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

// TestBuildLimits builds a package that keeps the compiler running and
// growing: the build is stopped at the memory limit of its processes, or
// at its time limit, and either way reports why, and leaves nothing
// running.
func TestBuildLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiler for seconds")
	}
	dir := bombModule(t)
	bins := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the go command's work files would be left
	leftRunning := func(t *testing.T) {
		entries, err := os.ReadDir(tmp)
		require.NoError(t, err)
		assert.Empty(t, entries, "the build left files in TMPDIR")
		if _, err := exec.LookPath("pgrep"); err != nil {
			return
		}
		out, err := exec.Command("pgrep", "-f", regexp.QuoteMeta(filepath.Join(dir, "bomb.go"))).Output()
		assert.Error(t, err, "a process of the build is still running: %s", out)
	}
	t.Run("memory", func(t *testing.T) {
		if runtime.GOOS != "linux" {
			t.Skip("the memory limit reads /proc")
		}
		saved := minBuildMemory
		minBuildMemory = 0 // a limit below what a build from an empty cache may need
		t.Cleanup(func() { minBuildMemory = saved })
		const limit = 200 << 20
		start := time.Now()
		_, err := Build(context.Background(), Config{Root: dir, Memory: limit, BuildTimeout: 2 * time.Minute}, ".", bins)
		var berr *BuildError
		require.True(t, errors.As(err, &berr), "want a BuildError, got %v", err)
		assert.Contains(t, berr.Output, "the build was stopped: one of its processes (the compiler or the linker) grew to ")
		assert.Contains(t, berr.Output, "over the limit of 200 MiB per build process")
		assert.Less(t, time.Since(start), time.Minute, "stopped at its memory limit, long before its time limit")
		leftRunning(t)
	})
	t.Run("time", func(t *testing.T) {
		_, err := Build(context.Background(), Config{Root: dir, BuildTimeout: 2 * time.Second}, ".", bins)
		var berr *BuildError
		require.True(t, errors.As(err, &berr), "want a BuildError, got %v", err)
		assert.True(t, strings.HasPrefix(berr.Output, "the build was stopped after 2s, its time limit (--build-timeout)"), berr.Output)
		leftRunning(t)
	})
}

func TestBuildMemory(t *testing.T) {
	assert.Zero(t, buildMemory(0), "no limit")
	assert.Equal(t, minBuildMemory, buildMemory(256<<20), "at least minBuildMemory")
	assert.Equal(t, int64(4<<30), buildMemory(4<<30))
}
