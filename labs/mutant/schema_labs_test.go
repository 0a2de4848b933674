package mutant

import (
	"context"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/internal/gotest"
)

var schemaCheck = flag.Bool("schema-check", false, "run every lab's schema mutants both ways (TestLabSchemasMatchBuildsAlone; a few minutes)")

// TestLabSchemasMatchBuildsAlone runs each mutant that a lab's schema
// holds twice, through the schema binary and through a binary built with
// that mutant alone, on the tests its description names (3 seeds each),
// and requires the same tests to fail on the same number of seeds. It
// builds every mutant, so it runs only with -schema-check:
//
//	go test ./labs/mutant -run TestLabSchemasMatchBuildsAlone -schema-check
//
// (252 s of CPU: 118 mutants, each built alone.) A mutant the kit
// finds nondeterministic is left out: no two runs of it need agree.
func TestLabSchemasMatchBuildsAlone(t *testing.T) {
	if !*schemaCheck {
		t.Skip("builds every mutant of every lab; run with -schema-check")
	}
	root, err := gotest.Root(".", "")
	require.NoError(t, err)
	dirs, err := filepath.Glob(filepath.Join(root, "labs", "*", "testdata", "mutants"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	ctx := context.Background()
	for _, dir := range dirs {
		lab := filepath.Base(filepath.Dir(filepath.Dir(dir)))
		pkg := "./labs/" + lab
		t.Run(lab, func(t *testing.T) {
			ms, err := Load(dir)
			require.NoError(t, err)
			builds, err := NewBuilds(root, pkg, ms)
			require.NoError(t, err)
			defer builds.Close()
			for _, m := range builds.Schema() {
				t.Run(m.Name, func(t *testing.T) {
					shared, err := builds.Binary(ctx, m)
					require.NoError(t, err)
					defer shared.Close()
					names, err := shared.List(ctx)
					require.NoError(t, err)
					tests := slices.DeleteFunc(named(names, m.Description), func(n string) bool { return n == "TestMutantsAreCaught" })
					if len(tests) == 0 {
						t.Skip("its description names no test")
					}
					alone, err := Build(ctx, root, pkg, m)
					require.NoError(t, err)
					defer alone.Close()
					args := []string{"-test.run", anchored(tests), "-seeds", "3", "-handler-timeout", checkHangBound.String()}
					want, err := alone.Run(ctx, args...)
					require.NoError(t, err)
					if strings.Contains(want.Output, "NONDETERMINISM") {
						t.Skip("the mutant is not deterministic: no two runs of it need agree")
					}
					got, err := shared.Run(ctx, args...)
					require.NoError(t, err)
					assert.Equal(t, counts(want.Tests), counts(got.Tests), "tests named: %v", tests)
				})
			}
		})
	}
}

// counts are what a run found per test, in name order.
func counts(tests []TestResult) []TestResult {
	out := slices.Clone(tests)
	slices.SortFunc(out, func(a, b TestResult) int { return strings.Compare(a.Name, b.Name) })
	return out
}
