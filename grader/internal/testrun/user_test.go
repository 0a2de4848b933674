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

// spyModule is a module whose test tries what a hostile submission would
// once it runs: read a file of the grader's, write next to the results,
// find the salt in its environment.
var spyModule = map[string]string{
	"go.mod": "module spy\n\ngo 1.26\n",
	"labs/spy/spy_test.go": `package spy

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var (
	secret   = flag.String("secret", "", "a file only the grader may read")
	outDir   = flag.String("outdir", "", "a directory only the grader may write")
	results  = flag.String("results", "", "the grader's results channel")
	seedList = flag.String("seed-list", "", "the seeds asked for")
)

func TestSpy(t *testing.T) {
	if os.Getuid() == 0 {
		t.Error("runs as root")
	}
	if _, err := os.ReadFile(*secret); err == nil {
		t.Error("read", *secret)
	}
	if err := os.WriteFile(filepath.Join(*outDir, "results.json"), []byte("{}"), 0o644); err == nil {
		t.Error("wrote into", *outDir)
	}
	if s := os.Getenv("DISTLAB_SALT"); s != "" {
		t.Error("found the salt", s)
	}
	wd, _ := os.Getwd()
	if filepath.Base(wd) != "spy" || filepath.Base(filepath.Dir(wd)) != "labs" {
		t.Error("runs in", wd, "not in a directory like the lab's")
	}
	if _, err := os.Stat(filepath.Join(wd, "..", "..", "go.mod")); err != nil {
		t.Error("no go.mod at the root of its directory:", err)
	}
	t.Log("ran as uid", os.Getuid(), "in", wd)
	// The channel is the one file of the grader's the test may write.
	f, err := os.OpenFile(*results, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal("cannot write the results channel:", err)
	}
	verdict := "pass"
	if t.Failed() {
		verdict = "fail"
	}
	fmt.Fprintf(f, "{\"type\":\"seed\",\"test\":\"TestSpy\",\"seed\":\"1\",\"verdict\":%q}\n", verdict)
	f.Close()
}
`,
}

// TestUser runs a test as an unprivileged user (nobody): it cannot read
// the grader's files or write its results, and it does not see the salt.
// As root, the same test fails, which shows it can.
func TestUser(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("switching users needs root on Linux")
	}
	u, err := LookupUser("nobody")
	if err != nil {
		t.Skipf("no user nobody: %v", err)
	}
	root := t.TempDir() // mode 0700: only root may look inside
	for name, text := range spyModule {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	secret := filepath.Join(root, "labs", "spy", "spy_hidden_test.go")
	require.NoError(t, os.WriteFile(secret, []byte("package spy\n"), 0o600))
	results := t.TempDir()
	require.NoError(t, os.Chmod(results, 0o755))
	t.Setenv("DISTLAB_SALT", "pepper")

	ctx := context.Background()
	c := Config{Root: root, Seed: -1, Timeout: time.Minute, Args: []string{"-secret", secret, "-outdir", results}}
	bin, err := Build(ctx, c, "./labs/spy", t.TempDir())
	require.NoError(t, err)
	dir := filepath.Join(root, "labs", "spy")

	asRoot, err := Run(ctx, c, bin, dir, "spy", "TestSpy", []int64{1}, nil)
	require.NoError(t, err)
	assert.Equal(t, report.Fail, asRoot.Status, "as root, the test reads, writes and finds the salt")
	require.NoError(t, os.Remove(filepath.Join(results, "results.json")))

	c.User = u
	out, err := Run(ctx, c, bin, dir, "spy", "TestSpy", []int64{1}, nil)
	require.NoError(t, err)
	assert.Equal(t, report.Pass, out.Status, "%s\n%s", out.Output, out.Stray)
	assert.Contains(t, out.Output, "ran as uid")
	assert.NoFileExists(t, filepath.Join(results, "results.json"))
	left, _ := filepath.Glob(filepath.Join(os.TempDir(), "distlab-test-*"))
	assert.Empty(t, left, "the user's directories are removed")

	closed := *u
	closed.Dir = t.TempDir() // mode 0700, root's
	c.User = &closed
	_, err = Run(ctx, c, bin, dir, "spy", "TestSpy", []int64{1}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "(mode -rwx------), so it cannot reach "+closed.Dir)
}
