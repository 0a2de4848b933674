package labs

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/report"
)

// TestOrderIsGoTestOrder checks that the tests the handout does not list
// are in the order go test runs them (go test -list prints that order),
// within each part: all of the fake lab's, and this repository's hidden
// tests.
func TestOrderIsGoTestOrder(t *testing.T) {
	check := func(t *testing.T, root string, l *report.Lab) {
		// -trimpath: the build the other tests share (see fixture.Prebuild).
		cmd := exec.Command("go", "test", "-trimpath", "-list", "^Test", l.Package)
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
		listed := testOrder(l.Dir)
		for _, part := range append([]string{""}, l.Parts()...) {
			var names []string
			for _, tt := range l.Tests {
				if _, ok := listed[tt.Name]; tt.Part == part && !ok {
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
		fixture.Prebuild(t)
		root := fixture.Root(t)
		all, err := Discover(root)
		require.NoError(t, err)
		for _, l := range all {
			t.Run(l.Name, func(t *testing.T) { check(t, root, l) })
		}
	})
}

// TestOrderIsTheHandouts checks this repository's labs against their
// handouts: numbered as labs/README.md numbers them, and every graded
// test that students see listed in its lab's README.md, in the order of
// Load within each part.
func TestOrderIsTheHandouts(t *testing.T) {
	all, err := Discover(fixture.Root(t))
	require.NoError(t, err)
	var names []string
	for _, l := range all {
		names = append(names, fmt.Sprintf("%d %s", l.Number, l.Name))
		listed := testOrder(l.Dir)
		last := map[string]int{}
		for _, tt := range l.Tests {
			i, ok := listed[tt.Name]
			if tt.Hidden {
				continue
			}
			if assert.True(t, ok, "labs/%s/README.md lists no test %s", l.Name, tt.Name) {
				assert.Less(t, last[tt.Part], i+1, "%s/%s is out of the handout's order", l.Name, tt.Name)
				last[tt.Part] = i + 1
			}
		}
	}
	assert.Equal(t, []string{"1 hashring", "2 election", "3 paxos"}, names)
}
