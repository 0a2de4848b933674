package rules_test

import (
	"os"
	"path/filepath"
	"testing"

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
