package testrun

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/rules"
)

// TestMain makes this test binary stand in for the grader binary that
// CheckRules starts (argv[0] "grader"): it runs RulesMain, or with
// $DISTLAB_FAKE_RULES set misbehaves as a checker fed hostile code could.
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "grader" && len(os.Args) > 1 && os.Args[1] == RulesCommand {
		os.Exit(fakeRules(os.Args[2:]))
	}
	os.Exit(m.Run())
}

func fakeRules(args []string) int {
	switch os.Getenv("DISTLAB_FAKE_RULES") {
	case "hog": // type-checking that grows without end
		var keep [][]byte
		for {
			b := make([]byte, 8<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			keep = append(keep, b)
		}
	case "slow": // type-checking that never ends
		time.Sleep(time.Minute)
		return 0
	case "crash": // a checker that dies (a stack overflow) before writing
		fmt.Fprintln(os.Stderr, "runtime: goroutine stack exceeds 1000000000-byte limit")
		return 2
	case "forged": // a result file that is not the checker's format
		_ = os.WriteFile(args[0], []byte("PASS\n"), 0o600)
		return 0
	}
	return RulesMain(args)
}

// rulesTree writes a module whose student package hashring has n calls of
// the println builtin, each a violation of the output rule.
func rulesTree(t *testing.T, n int) string {
	t.Helper()
	root := t.TempDir()
	var b strings.Builder
	b.WriteString("package hashring\n\nfunc f() {\n")
	for i := range n {
		fmt.Fprintf(&b, "\tprintln(%d)\n", i)
	}
	b.WriteString("}\n")
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module github.com/distlab/distlab\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "hashring"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "hashring", "ring.go"), []byte(b.String()), 0o644))
	return root
}

func self(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	return exe
}

// TestCheckRulesInChild checks that the child's violations are those
// rules.Check finds in this process, and that a package breaking the
// rules on every line comes back bounded, with the count of the rest.
func TestCheckRulesInChild(t *testing.T) {
	for _, n := range []int{0, 3, maxRulesViolations + 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			root := rulesTree(t, n)
			want, err := rules.Check(root, "hashring")
			require.NoError(t, err)
			require.Len(t, want, n)
			vs, more, err := CheckRules(context.Background(), Config{Root: root, BuildTimeout: time.Minute}, self(t), "hashring")
			require.NoError(t, err)
			assert.Equal(t, n, len(vs)+more)
			assert.LessOrEqual(t, len(vs), maxRulesViolations)
			assert.Equal(t, want[:len(vs)], vs)
		})
	}
}

// TestCheckRulesLimits checks that a check at a limit, or one that leaves
// no result the grader can read, is a BuildError that says why: never a
// pass.
func TestCheckRulesLimits(t *testing.T) {
	saved := minBuildMemory
	minBuildMemory = 0
	t.Cleanup(func() { minBuildMemory = saved })
	for _, tc := range []struct {
		mode string
		c    Config
		want string
	}{
		{"hog", Config{Memory: 128 << 20, BuildTimeout: time.Minute}, "over the limit of 128 MiB"},
		{"slow", Config{BuildTimeout: 500 * time.Millisecond}, "ran past 500ms, its time limit (--build-timeout)"},
		{"crash", Config{BuildTimeout: time.Minute}, "ended without a result (exit status 2):\nruntime: goroutine stack exceeds"},
		{"forged", Config{BuildTimeout: time.Minute}, "ended without a result"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			t.Setenv("DISTLAB_FAKE_RULES", tc.mode)
			tc.c.Root = rulesTree(t, 1)
			start := time.Now()
			vs, more, err := CheckRules(context.Background(), tc.c, self(t), "hashring")
			var berr *BuildError
			require.True(t, errors.As(err, &berr), "a BuildError, not %v", err)
			assert.Nil(t, vs)
			assert.Zero(t, more)
			assert.Equal(t, "hashring", berr.Package)
			assert.Contains(t, berr.Output, "checking the rules of hashring/")
			assert.Contains(t, berr.Output, tc.want)
			assert.Less(t, time.Since(start), 30*time.Second, "the grader stops the check")
		})
	}
}
