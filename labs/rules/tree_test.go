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

// TestCheckCompilesNothing checks student packages that the compiler
// would never finish (each bombK instantiates bombK-1 with two new types,
// 2^40 functions): Check type-checks them from source, compiles none of
// them, and reports what it should. The bomb is in a package below the
// student package, or in another lab's student package that it reaches
// through a package of the module (which checking from export data
// would compile with it).
func TestCheckCompilesNothing(t *testing.T) {
	bomb := func(pkg, imp string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "package %s\n\n", pkg)
		if imp != "" {
			fmt.Fprintf(&b, "import %q\n\nfunc use() int { return %s.Bomb() }\n\n", imp, imp[strings.LastIndex(imp, "/")+1:])
		}
		b.WriteString("func bomb0[T any](x T) T { return x }\n")
		for k := 1; k <= 40; k++ {
			fmt.Fprintf(&b, "func bomb%d[T any](x T) T { bomb%d([2]T{x, x}); bomb%d(struct{ a, b T }{x, x}); return x }\n", k, k-1, k-1)
		}
		b.WriteString("\n// Bomb makes the compiler instantiate them.\nfunc Bomb() int { return bomb40(1) }\n")
		return b.String()
	}
	const mod = "github.com/distlab/distlab/"
	for name, tc := range map[string]struct {
		files map[string]string
		want  []string // violations, by the start of their text
	}{
		"below": {files: map[string]string{
			"hashring/sub/sub.go": bomb("sub", ""),
			"hashring/ring.go":    bomb("hashring", mod+"hashring/sub"),
		}},
		"another lab": {files: map[string]string{
			"election/node.go": bomb("election", ""),
			"live/live.go":     bomb("live", mod+"election"),
			"hashring/ring.go": bomb("hashring", mod+"live"),
		}, want: []string{`hashring/ring.go:3:8: import: import "github.com/distlab/distlab/live"`}},
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			tc.files["go.mod"] = "module github.com/distlab/distlab\n\ngo 1.26\n"
			for name, text := range tc.files {
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
				var got []string
				for _, v := range r.vs {
					got = append(got, v.String())
				}
				require.Len(t, got, len(tc.want), "violations: %q", got)
				for i, w := range tc.want {
					assert.True(t, strings.HasPrefix(got[i], w), "violation %q, want %q", got[i], w)
				}
			case <-time.After(2 * time.Minute):
				t.Fatal("rules.Check has not returned after 2m: it compiles the student packages")
			}
		})
	}
}

// TestCheckFailsWhatItCannotRead: a student package the checker cannot
// parse or type-check breaks a rule, at its first error, whether or not
// the compiler accepts it (go/parser refuses expressions nested deeper
// than gc does), since nothing checked the code in it.
func TestCheckFailsWhatItCannotRead(t *testing.T) {
	deep := "package hashring\n\nvar shared = " + strings.Repeat("(", 200_000) + "1" + strings.Repeat(")", 200_000) + "\n"
	for name, tc := range map[string]struct {
		file string
		want string
	}{
		"type error": {
			file: "package hashring\n\nfunc f() int { return \"x\" }\n",
			want: `hashring/ring.go:3:23: type-check: the package does not type-check: cannot use "x"`,
		},
		"too deep for go/parser": {
			file: deep,
			want: "hashring/ring.go:3:",
		},
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module github.com/distlab/distlab\n\ngo 1.26\n"), 0o644))
			require.NoError(t, os.MkdirAll(filepath.Join(root, "hashring"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(root, "hashring", "ring.go"), []byte(tc.file), 0o644))
			vs, err := rules.Check(root, "hashring")
			require.NoError(t, err)
			require.Len(t, vs, 1, "violations: %v", vs)
			assert.Equal(t, rules.RuleTypeCheck, vs[0].Rule)
			assert.True(t, strings.HasPrefix(vs[0].String(), tc.want), "violation %q, want %q", vs[0], tc.want)
		})
	}
}

// TestCheckWorkIsBounded checks that code nested without bound costs the
// checker a bounded multiple of its size: loops over maps, each in the
// last, which every loop around them walks again (the square of the
// nesting), make it give up with a violation instead of running for hours
// in the grader's own process.
func TestCheckWorkIsBounded(t *testing.T) {
	for _, tc := range []struct{ name, open, inner, close string }{
		{"loops", "for range m {\n", "c++\n", "}\n"},
		{"func literals in loops", "for range m {\n_ = func() {\n", "c++\n", "}\n}\n"},
		{"maps.DeleteFunc in maps.DeleteFunc", "maps.DeleteFunc(m, func(string, int) bool {\n", "c++\n", "return false\n})\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const depth = 3000
			src := "package hashring\n\nimport \"maps\"\n\nvar _ = maps.Clone[map[string]int]\n\nfunc deep(m map[string]int) int {\nc := 0\n" +
				strings.Repeat(tc.open, depth) + tc.inner + strings.Repeat(tc.close, depth) + "return c\n}\n"
			root := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module github.com/distlab/distlab\n\ngo 1.26\n"), 0o644))
			require.NoError(t, os.MkdirAll(filepath.Join(root, "hashring"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(root, "hashring", "deep.go"), []byte(src), 0o644))
			vs, err := rules.Check(root, "hashring")
			require.NoError(t, err)
			var got []string
			for _, v := range vs {
				got = append(got, v.String())
			}
			assert.Contains(t, strings.Join(got, "\n"), "map-order: the checker gave up here, after walking 64 times the package's source")
		})
	}
}
