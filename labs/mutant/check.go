package mutant

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// CheckLab runs every mutant in the lab's testdata/mutants against the
// lab's tests and fails t for each mutant the tests do not catch. Call it
// from a test in the lab's package, named TestMutantsAreCaught; it skips
// itself in the scratch copies. Each mutant runs with -failfast, since one
// failing test is enough to catch it, and with -rules=false: the tests
// must catch it, not the rules check (kit.Main) that precedes them.
func CheckLab(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("mutants take a while; run without -short")
	}
	root, err := ModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	pkgDir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(root, pkgDir)
	if err != nil {
		t.Fatal(err)
	}
	pkg := "./" + filepath.ToSlash(rel)
	ms, err := Load(filepath.Join("testdata", "mutants"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatalf("no mutants in %s/testdata/mutants", pkg)
	}
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			res, err := Run(context.Background(), root, pkg, m, "-failfast", "-skip", "^TestMutantsAreCaught$", "-rules=false")
			if err != nil {
				t.Fatal(err)
			}
			if !res.Caught() {
				t.Errorf("mutant %s survived: no test of %s failed.\n  bug: %s\n  tests that passed: %s",
					m.Name, pkg, m.Summary, strings.Join(res.Passed, ", "))
				return
			}
			t.Logf("caught by %s", strings.Join(res.Failed, ", "))
		})
	}
}
