package rules_test

import (
	"bufio"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/rules"
)

// expectation is a // want pattern at a line.
type expectation struct {
	at string // file:line
	rx *regexp.Regexp
}

var wantArgs = regexp.MustCompile("`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\"")

// wants reads the // want comments of every file under root, as
// analysistest does, but in every file: those the build leaves out, in
// directories go skips, and in other languages. A "// want-next"
// comment is about the next line of code (not blank, not a bare //),
// and "// want-at N" about line N.
func wants(t *testing.T, root string) []expectation {
	t.Helper()
	var out []expectation
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(root, path)
		sc := bufio.NewScanner(f)
		var next []string // want-next patterns, for the next line with code
		for line := 1; sc.Scan(); line++ {
			text := sc.Text()
			if t := strings.TrimSpace(text); len(next) > 0 && t != "" && t != "//" && !strings.Contains(t, "// want") {
				for _, pat := range next {
					out = append(out, expectation{at: filepath.ToSlash(rel) + ":" + strconv.Itoa(line), rx: regexp.MustCompile(pat)})
				}
				next = nil
			}
			_, after, ok := strings.Cut(text, "// want")
			if !ok {
				continue
			}
			at, isNext := line, false
			switch {
			case strings.HasPrefix(after, "-next "):
				// for lines that cannot hold a comment: //go:build,
				// //go:linkname, //line
				isNext = true
			case strings.HasPrefix(after, "-at "):
				// at a line given by number (// +build, which gofmt
				// pairs with a //go:build line)
				n, rest, _ := strings.Cut(strings.TrimPrefix(after, "-at "), " ")
				at, err = strconv.Atoi(n)
				require.NoError(t, err, "%s:%d", rel, line)
				after = rest
			case !strings.HasPrefix(after, " "):
				continue
			}
			for _, lit := range wantArgs.FindAllString(after, -1) {
				pat, err := strconv.Unquote(lit)
				require.NoError(t, err, "%s:%d", rel, line)
				if isNext {
					next = append(next, pat)
					continue
				}
				out = append(out, expectation{at: filepath.ToSlash(rel) + ":" + strconv.Itoa(at), rx: regexp.MustCompile(pat)})
			}
		}
		return sc.Err()
	})
	require.NoError(t, err)
	return out
}

// testTree returns a copy of the module in testdata/tree. Its go.mod is
// stored as go.mod.txt, so that copies of this repository (the handout)
// keep it: they leave nested modules out.
func testTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.CopyFS(root, os.DirFS(filepath.Join("testdata", "tree"))))
	require.NoError(t, os.Rename(filepath.Join(root, "go.mod.txt"), filepath.Join(root, "go.mod")))
	return root
}

// TestRules checks the tree in testdata/tree: every violation it reports
// is wanted on its line, and every want is reported.
func TestRules(t *testing.T) {
	root := testTree(t)
	vs, err := rules.Check(root)
	require.NoError(t, err)
	expect := wants(t, root)
	for _, v := range vs {
		at := v.File + ":" + strconv.Itoa(v.Line)
		msg := strings.TrimPrefix(v.String(), at+":"+strconv.Itoa(v.Col)+": ")
		found := false
		for i, e := range expect {
			if e.at == at && e.rx.MatchString(msg) {
				expect = append(expect[:i], expect[i+1:]...)
				found = true
				break
			}
		}
		assert.True(t, found, "unexpected violation %s", v)
	}
	for _, e := range expect {
		t.Errorf("%s: no violation matching %s", e.at, e.rx)
	}
}

// TestVetTool runs the checker as a go vet tool over the same tree: it
// reports what Check reports, and go vet fails.
func TestVetTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the vet tool and runs go vet")
	}
	bin := filepath.Join(t.TempDir(), "distlab-vet")
	build := exec.Command("go", "build", "-o", bin, "./cmd/distlab-vet")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	// A fresh copy: go vet caches its results by the files it builds, not
	// by those the build leaves out, which the checker reads too.
	root := testTree(t)
	vet := exec.Command("go", "vet", "-vettool="+bin, "./...")
	vet.Dir = root
	vet.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	out, err = vet.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "go vet must fail:\n%s", out)

	var got []string
	for _, line := range strings.Split(string(out), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			got = append(got, line)
		}
	}
	vs, err := rules.Check(root)
	require.NoError(t, err)
	var want []string
	for _, v := range vs {
		want = append(want, v.String())
	}
	assert.ElementsMatch(t, want, got)
}
