package mutant

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the failure examples of labs/README.md")

// readmeExample is a failure example of labs/README.md: its marker line
// names the mutant, the package and the test it runs, and the code block
// after it holds what go test printed.
var readmeExample = regexp.MustCompile("(?s)(<!-- failure-example: (\\S+) (\\S+) (\\S+) -->\n```\n)(.*?)(```\n<!-- end failure-example -->)")

// TestReadmeFailureExample runs the mutant that each failure example of
// labs/README.md names, and checks that the page shows what go test
// prints on it, durations aside; -update rewrites the examples.
func TestReadmeFailureExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a lab's tests")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	readme := filepath.Join(root, "labs", "README.md")
	data, err := os.ReadFile(readme)
	require.NoError(t, err)
	ms := readmeExample.FindAllSubmatchIndex(data, -1)
	require.Len(t, ms, 2, "labs/README.md has two failure examples between markers: a seeded test's and a search test's")
	for i := len(ms) - 1; i >= 0; i-- { // from the end, so that -update keeps the indexes before
		m := ms[i]
		group := func(i int) string { return string(data[m[2*i]:m[2*i+1]]) }
		file, pkg, run, shown := group(2), group(3), group(4), group(5)
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if os.IsNotExist(err) {
			t.Skipf("%s is not here: the handout leaves the mutants out", file)
		}
		require.NoError(t, err)
		mut, err := Parse(filepath.Base(file), src)
		require.NoError(t, err)

		out := runWithMutant(t, root, mut, pkg, run)
		require.Contains(t, out, "--- FAIL: ", "the tests catch the mutant")
		if *update {
			data = append(append(append([]byte{}, data[:m[10]]...), out...), data[m[11]:]...)
			continue
		}
		assert.Equal(t, withoutDurations(shown), withoutDurations(out),
			"labs/README.md's failure example of %s is not what the mutant prints now: go test ./labs/mutant -run TestReadmeFailureExample -update rewrites it", mut.Name)
		assert.Less(t, strings.Count(out, "\n"), 40, "one broken invariant reads in under 40 lines")
	}
	if *update {
		require.NoError(t, os.WriteFile(readme, data, 0o644))
	}
}

// runWithMutant runs go test on package pkg of the module at root with
// the mutant applied (through an overlay: the tree is not changed), and
// returns what it printed.
func runWithMutant(t *testing.T, root string, m Mutant, pkg, run string) string {
	t.Helper()
	files, err := m.Patch(root)
	require.NoError(t, err)
	dir := t.TempDir()
	replace := map[string]string{}
	for i, f := range files {
		patched := filepath.Join(dir, filepath.Base(f.Path)+"."+string(rune('a'+i)))
		require.NoError(t, os.WriteFile(patched, f.Data, 0o644))
		replace[filepath.Join(root, filepath.FromSlash(f.Path))] = patched
	}
	overlay, err := json.Marshal(struct{ Replace map[string]string }{replace})
	require.NoError(t, err)
	overlayFile := filepath.Join(dir, "overlay.json")
	require.NoError(t, os.WriteFile(overlayFile, overlay, 0o644))
	cmd := exec.Command("go", "test", "-count=1", "-overlay", overlayFile, pkg, "-run", run)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the tests must fail on the mutant:\n%s", out)
	return string(out)
}

// withoutDurations takes the wall times out of go test's output.
func withoutDurations(s string) string {
	s = regexp.MustCompile(`\(\d+\.\d+s\)`).ReplaceAllString(s, "(TIME)")
	return regexp.MustCompile(`(?m)\t\d+\.\d+s$`).ReplaceAllString(s, "\tTIME")
}
