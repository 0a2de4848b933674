package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/labs"
	"github.com/distlab/distlab/grader/internal/tree"
	"github.com/distlab/distlab/internal/strip"
	"github.com/distlab/distlab/labs/mutant"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestMain makes the test binary double as the grader: scripts run it as
// "exec grader ...". Every go command the tests start shares its builds
// (see shareBuilds).
func TestMain(m *testing.M) {
	// Run as a script's grader command (testscript names the binary after
	// the command), the process keeps the script's environment: a script
	// may set GOFLAGS itself.
	if strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe") != "grader" {
		if err := shareBuilds(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	testscript.Main(m, map[string]func(){"grader": main})
}

// shareBuilds adds -trimpath to GOFLAGS, for this process and every go
// command it starts, the scripts' included (their GOFLAGS is this
// process's, unless a script sets its own). The tests copy this
// repository (or the fake lab) into scratch directories again and again,
// and without -trimpath a package's directory is part of its build's
// cache key, so each copy would compile sim, rpc, the kit and the labs
// anew. With it, every scratch tree with the same code shares one build
// of it.
func shareBuilds() error {
	out, err := exec.Command("go", "env", "GOFLAGS").Output()
	if err != nil {
		return fmt.Errorf("grader tests: go env GOFLAGS: %w", err)
	}
	flags := strings.Fields(string(out))
	if !slices.Contains(flags, "-trimpath") {
		flags = append(flags, "-trimpath")
	}
	return os.Setenv("GOFLAGS", strings.Join(flags, " "))
}

// TestScripts runs the end-to-end scripts in testdata/script against the
// grader binary, this repository's labs, the fake lab and the sample
// submissions. Scripts that take long check [short] and skip.
func TestScripts(t *testing.T) {
	fixture.Prebuild(t)
	root := fixture.Root(t)
	goenv := goEnv(t, "GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOROOT")
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		// The scripts' work directories go in the test's own temporary
		// directory, which the test removes, so a run leaves nothing in
		// $TMPDIR.
		WorkdirRoot:         t.TempDir(),
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("ROOT", root)
			for k, v := range goenv {
				e.Setenv(k, v)
			}
			e.Setenv("GOPROXY", "off")
			e.Setenv("GOTOOLCHAIN", "local")
			e.Setenv("NO_COLOR", "1")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "short":
				return testing.Short(), nil
			case "root":
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"submission": cmdSubmission(root),
			"fakelab":    cmdFakelab(root),
			"golden":     cmdGolden(root),
			"errline":    cmdErrline,
			"waitfor":    cmdWaitfor,
		},
	})
}

// goEnv returns the values of go env variables, so that scripts share
// this machine's build and module caches.
func goEnv(t *testing.T, names ...string) map[string]string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	vals := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	env := map[string]string{}
	for i, n := range names {
		env[n] = vals[i]
	}
	return env
}

// cmdSubmission assembles a sample submission: submission [-full] SAMPLE
// DIR copies this repository's go.mod, go.sum and student packages (all
// that grading reads of a submission), or with -full the whole
// repository, into DIR, and applies testdata/submissions/SAMPLE (see its
// README).
func cmdSubmission(root string) func(ts *testscript.TestScript, neg bool, args []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		full := len(args) > 0 && args[0] == "-full"
		if full {
			args = args[1:]
		}
		if neg || len(args) != 2 {
			ts.Fatalf("usage: submission [-full] SAMPLE DIR")
		}
		sample := filepath.Join(root, "grader", "testdata", "submissions", args[0])
		dir := ts.MkAbs(args[1])
		if full {
			ts.Check(tree.Copy(root, dir, nil))
		} else {
			ts.Check(copySubmission(root, dir))
		}
		if files := filepath.Join(sample, "files"); isDir(files) {
			// The sample's files replace the tree's.
			ts.Check(filepath.WalkDir(files, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(files, p)
				if err := os.Remove(filepath.Join(dir, rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				return nil
			}))
			ts.Check(tree.Copy(files, dir, nil))
		}
		if data, err := os.ReadFile(filepath.Join(sample, "edits.mutant")); err == nil {
			m, err := mutant.Parse(args[0], data)
			ts.Check(err)
			ts.Check(m.Apply(dir))
		}
		if data, err := os.ReadFile(filepath.Join(sample, "strip")); err == nil {
			for _, pkg := range strings.Fields(string(data)) {
				_, err := strip.Dir(filepath.Join(dir, pkg))
				ts.Check(err)
			}
		}
		if data, err := os.ReadFile(filepath.Join(sample, "go.mod")); err == nil {
			ts.Check(os.WriteFile(filepath.Join(dir, "go.mod"), data, 0o644))
		}
	}
}

// copySubmission copies of the tree at root what a submission's grading
// reads: go.mod, go.sum and the labs' student packages.
func copySubmission(root, dir string) error {
	labs, err := labs.Discover(root)
	if err != nil {
		return err
	}
	if err := tree.Copy(root, dir, func(rel string, d fs.DirEntry) bool { return d.IsDir() || !strings.HasPrefix(rel, "go.") }); err != nil {
		return err
	}
	for _, l := range labs {
		if err := tree.Copy(filepath.Join(root, l.Student), filepath.Join(dir, l.Student), nil); err != nil {
			return err
		}
	}
	return nil
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// cmdFakelab writes the fake lab's tree (see testdata/fakelab): fakelab DIR.
func cmdFakelab(root string) func(ts *testscript.TestScript, neg bool, args []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: fakelab DIR")
		}
		ts.Check(fixture.WriteFakeTree(root, ts.MkAbs(args[0])))
	}
}

// cmdGolden compares a file of the script, normalized, with a golden file:
// golden FILE NAME checks FILE against testdata/golden/NAME, or rewrites
// it with -update.
func cmdGolden(root string) func(ts *testscript.TestScript, neg bool, args []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: golden FILE NAME")
		}
		got := normalize(ts.ReadFile(args[0]), ts.Getenv("WORK"))
		path := filepath.Join(root, "grader", "testdata", "golden", args[1])
		if *update {
			ts.Check(os.WriteFile(path, []byte(got), 0o644))
			return
		}
		want, err := os.ReadFile(path)
		ts.Check(err)
		if got != string(want) {
			ts.Fatalf("%s differs from testdata/golden/%s (run go test ./grader -run TestScripts -update to accept):\n%s",
				args[0], args[1], diffLines(string(want), got))
		}
	}
}

// The parts of a report that change from run to run.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`"(wall_seconds|execution_time|duration)": [0-9.e+-]+`), `"$1": 0`},
	{regexp.MustCompile(`"started": "[^"]*"`), `"started": "2000-01-01T00:00:00Z"`},
	{regexp.MustCompile(`"go_version": "[^"]*"`), `"go_version": "go"`},
	{regexp.MustCompile(`( time)="[0-9.]+"`), `$1="0"`},
	{regexp.MustCompile(`timestamp="[^"]*"`), `timestamp="2000-01-01T00:00:00Z"`},
	{regexp.MustCompile(`name="go.version" value="[^"]*"`), `name="go.version" value="go"`},
	{regexp.MustCompile(`\b\d+\.\ds\b`), `0.0s`},
	{regexp.MustCompile(`(?m) +$`), ``},
}

// normalize makes a report stable: no wall times, dates, Go versions or
// paths of the scratch directory.
func normalize(s, work string) string {
	s = strings.ReplaceAll(s, work, "$WORK")
	for _, v := range volatile {
		s = v.re.ReplaceAllString(s, v.with)
	}
	return s
}

// diffLines shows the first lines where want and got differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b bytes.Buffer
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// cmdErrline checks the last command's standard error: one line, starting
// with "grader: " and containing the given text: errline TEXT.
func cmdErrline(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: errline TEXT")
	}
	stderr := ts.ReadFile("stderr")
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	switch {
	case len(lines) != 1:
		ts.Fatalf("want one line of error, got %d:\n%s", len(lines), stderr)
	case !strings.HasPrefix(lines[0], "grader: "):
		ts.Fatalf("the error does not start with \"grader: \": %s", lines[0])
	case !strings.Contains(lines[0], args[0]):
		ts.Fatalf("the error does not say %q: %q", args[0], lines[0])
	}
}

// cmdWaitfor waits up to a minute until a file exists and contains some
// text (waitfor FILE TEXT), or until some file matches a glob pattern
// (waitfor PATTERN). It is for background commands.
func cmdWaitfor(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: waitfor FILE [TEXT]")
	}
	path := ts.MkAbs(args[0])
	found := func() bool {
		if len(args) == 1 {
			matches, _ := filepath.Glob(path)
			return len(matches) > 0
		}
		data, err := os.ReadFile(path)
		return err == nil && strings.Contains(string(data), args[1])
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if found() {
			return
		}
	}
	if len(args) == 1 {
		ts.Fatalf("nothing matched %s within a minute", args[0])
	}
	ts.Fatalf("%s did not come to contain %q within a minute", args[0], args[1])
}
