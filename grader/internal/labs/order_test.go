package labs

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/report"
)

// TestOrderIsGoTestOrder checks that within each part the graded tests
// are in the order go test runs them (go test -list prints that order),
// on the fake lab and on this repository's labs.
func TestOrderIsGoTestOrder(t *testing.T) {
	check := func(t *testing.T, root string, l *report.Lab) {
		cmd := exec.Command("go", "test", "-list", "^Test", l.Package)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil && l.Name == "fake" {
			t.Fatalf("go test -list %s: %v\n%s", l.Package, err, out)
		}
		if err != nil { // a lab being edited may not build for a while
			t.Skipf("go test -list %s: %v\n%s", l.Package, err, out)
		}
		goOrder := map[string]int{}
		for i, line := range strings.Split(string(out), "\n") {
			goOrder[line] = i
		}
		for _, part := range append([]string{""}, l.Parts()...) {
			var names []string
			for _, tt := range l.Tests {
				if tt.Part == part {
					require.Contains(t, goOrder, tt.Name, "go test lists every graded test")
					names = append(names, tt.Name)
				}
			}
			assert.True(t, slices.IsSortedFunc(names, func(a, b string) int { return goOrder[a] - goOrder[b] }),
				"part %q of %s: %v is not in go test's order", part, l.Name, names)
		}
	}
	t.Run("fake", func(t *testing.T) {
		root := fixture.FakeTree(t)
		l, err := Load(root, "fake")
		require.NoError(t, err)
		check(t, root, l)
	})
	t.Run("repository", func(t *testing.T) {
		if testing.Short() {
			t.Skip("builds every lab's tests")
		}
		root := fixture.Root(t)
		all, err := Discover(root)
		require.NoError(t, err)
		for _, l := range all {
			t.Run(l.Name, func(t *testing.T) { check(t, root, l) })
		}
	})
}
