package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"

	"github.com/distlab/distlab/internal/strip"
	"github.com/distlab/distlab/labs/rules"
)

// moduleRoot is this repository: the reference solutions.
const moduleRoot = "../.."

// TestReferenceFollowsTheRules checks the reference solutions: no
// violations, and no exemptions.
func TestReferenceFollowsTheRules(t *testing.T) {
	vs, err := rules.Check(moduleRoot)
	require.NoError(t, err)
	assert.Empty(t, vs)
}

// TestSkeletonFollowsTheRules checks the handout's skeleton: the student
// packages with their solution regions stripped, as grader handout makes
// them.
func TestSkeletonFollowsTheRules(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(moduleRoot, f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	for _, d := range append([]string{"sim", "rpc"}, rules.Students()...) {
		require.NoError(t, os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(moduleRoot, d))))
	}
	for _, s := range rules.Students() {
		_, err := strip.Dir(filepath.Join(dir, s))
		require.NoError(t, err)
	}
	vs, err := rules.Check(dir)
	require.NoError(t, err)
	assert.Empty(t, vs)

	// Check type-checks only the packages that compile: the skeleton's
	// must, or the test above proves nothing.
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: dir}, "./...")
	require.NoError(t, err)
	require.NotEmpty(t, pkgs)
	for _, p := range pkgs {
		assert.Empty(t, p.Errors, p.PkgPath)
	}
}

// TestCheckSkipsMissingStudents checks a tree with only some student
// packages, as a fake lab's: the missing ones are not an error.
func TestCheckSkipsMissingStudents(t *testing.T) {
	vs, err := rules.Check(t.TempDir())
	require.NoError(t, err)
	assert.Empty(t, vs)
}

// TestCheckCompilesNothing checks a student package, and a package below
// it that it imports, that the compiler would never finish (each bombK
// instantiates bombK-1 with two new types, 2^40 functions): Check
// type-checks them from source, compiles neither, and finds the rules
// followed.
func TestCheckCompilesNothing(t *testing.T) {
	root := t.TempDir()
	bomb := func(pkg string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "package %s\n\nfunc bomb0[T any](x T) T { return x }\n", pkg)
		for k := 1; k <= 40; k++ {
			fmt.Fprintf(&b, "func bomb%d[T any](x T) T { bomb%d([2]T{x, x}); bomb%d(struct{ a, b T }{x, x}); return x }\n", k, k-1, k-1)
		}
		fmt.Fprintf(&b, "\n// Bomb makes the compiler instantiate them.\nfunc Bomb() int { return bomb40(1) }\n")
		return b.String()
	}
	files := map[string]string{
		"go.mod":              "module github.com/distlab/distlab\n\ngo 1.26\n",
		"hashring/sub/sub.go": bomb("sub"),
		"hashring/ring.go":    strings.Replace(bomb("hashring"), "\n\nfunc bomb0", "\n\nimport \"github.com/distlab/distlab/hashring/sub\"\n\nfunc useSub() int { return sub.Bomb() }\n\nfunc bomb0", 1),
	}
	for name, text := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	type result struct {
		vs  []rules.Violation
		err error
	}
	done := make(chan result, 1)
	go func() {
		vs, err := rules.Check(root, "hashring")
		done <- result{vs, err}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		assert.Empty(t, r.vs)
	case <-time.After(2 * time.Minute):
		t.Fatal("rules.Check has not returned after 2m: it compiles the student packages")
	}
}
