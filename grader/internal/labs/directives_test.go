package labs

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/report"
)

const header = "package x_test\n\nimport \"testing\"\n\n"

func TestParseFile(t *testing.T) {
	src := header + `// TestA: documented.
//
//lab:points 10
//lab:part A
func TestA(t *testing.T) {}

// TestB has points and no part.
//
//lab:points 3
func TestB(t *testing.T) {}

// TestHelper is not graded.
func TestHelper(t *testing.T) {}

func helper() {}

//lab:points 2
func Test_underscore(t *testing.T) {}
`
	tests, err := ParseFile("labs/x/a_test.go", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, []*report.Test{
		{Name: "TestA", Points: 10, Part: "A", File: "a_test.go", Line: 9},
		{Name: "TestB", Points: 3, File: "a_test.go", Line: 14},
		{Name: "Test_underscore", Points: 2, File: "a_test.go", Line: 22},
	}, tests)
}

func TestParseFileHidden(t *testing.T) {
	tests, err := ParseFile("labs/x/extra_hidden_test.go", []byte(header+"//lab:points 1\nfunc TestH(t *testing.T) {}\n"))
	require.NoError(t, err)
	require.Len(t, tests, 1)
	assert.True(t, tests[0].Hidden)
}

func TestParseFileErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"zero points":      {"//lab:points 0\nfunc TestX(t *testing.T) {}\n", `labs/x/a_test.go:5: //lab:points "0": want a positive integer`},
		"negative points":  {"//lab:points -3\nfunc TestX(t *testing.T) {}\n", `//lab:points "-3": want a positive integer`},
		"not a number":     {"//lab:points ten\nfunc TestX(t *testing.T) {}\n", `//lab:points "ten": want a positive integer`},
		"no number":        {"//lab:points\nfunc TestX(t *testing.T) {}\n", `//lab:points "": want a positive integer`},
		"twice":            {"//lab:points 1\n//lab:points 2\nfunc TestX(t *testing.T) {}\n", "a second //lab:points for TestX"},
		"part only":        {"//lab:part A\nfunc TestX(t *testing.T) {}\n", "TestX has //lab:part but no //lab:points"},
		"part with spaces": {"//lab:points 1\n//lab:part A B\nfunc TestX(t *testing.T) {}\n", `//lab:part "A B": want one word`},
		"two parts":        {"//lab:points 1\n//lab:part A\n//lab:part B\nfunc TestX(t *testing.T) {}\n", "a second //lab:part"},
		"unknown":          {"//lab:pionts 1\nfunc TestX(t *testing.T) {}\n", "unknown directive //lab:pionts"},
		"not a test":       {"//lab:points 1\nfunc helper(t *testing.T) {}\n", "helper has a //lab:points directive but is not a test"},
		"benchmark":        {"//lab:points 1\nfunc BenchmarkX(b *testing.B) {}\n", "BenchmarkX has a //lab:points directive but is not a test"},
		"lowercase":        {"//lab:points 1\nfunc Testx(t *testing.T) {}\n", "Testx has a //lab:points directive but is not a test"},
		"method":           {"type s struct{}\n\n//lab:points 1\nfunc (s) TestX(t *testing.T) {}\n", "is not a test"},
		"syntax":           {"func TestX(t *testing.T) {\n", "labs: labs/x/a_test.go:"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseFile("labs/x/a_test.go", []byte(header+tc.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "labs: ")
		})
	}
}

// writeLab writes files into root/labs/name.
func writeLab(t *testing.T, root, name string, files map[string]string) {
	t.Helper()
	dir := filepath.Join(root, "labs", name)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for f, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), []byte(src), 0o644))
	}
}

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	writeLab(t, root, "paxos", map[string]string{
		"b_test.go":        header + "//lab:points 4\n//lab:part B\nfunc TestB1(t *testing.T) {}\n\n//lab:points 1\n//lab:part A\nfunc TestA2(t *testing.T) {}\n",
		"a_test.go":        header + "//lab:points 2\n//lab:part A\nfunc TestA1(t *testing.T) {}\n",
		"x_hidden_test.go": header + "//lab:points 3\n//lab:part B\nfunc TestHiddenB(t *testing.T) {}\n",
		"notatest.go":      "package paxos\n\n//lab:points 9\nfunc TestIgnored(t int) {}\n",
		// go test runs the package's own test files before the external
		// ones, and leaves out files whose build constraints exclude them.
		"z_internal_test.go": "package paxos\n\nimport \"testing\"\n\n//lab:points 1\n//lab:part B\nfunc TestInternalB(t *testing.T) {}\n",
		"c_ignored_test.go":  "//go:build ignore\n\n" + header + "//lab:points 1\n//lab:part A\nfunc TestIgnoredByGoTest(t *testing.T) {}\n",
	})
	writeLab(t, root, "hashring", map[string]string{"h_test.go": header + "//lab:points 5\nfunc TestRing(t *testing.T) {}\n"})
	writeLab(t, root, "kit", map[string]string{"k_test.go": header + "//lab:points 5\nfunc TestKit(t *testing.T) {}\n"})
	writeLab(t, root, "empty", map[string]string{"e_test.go": header + "func TestNothing(t *testing.T) {}\n"})

	all, err := Discover(root)
	require.NoError(t, err)
	require.Len(t, all, 2, "kit is not a lab; a directory without graded tests is not either")
	h, p := all[0], all[1]
	assert.Equal(t, "hashring", h.Name)
	assert.Equal(t, "./labs/hashring", h.Package)
	assert.Equal(t, "hashring", h.Student)
	assert.Equal(t, filepath.Join(root, "labs", "hashring"), h.Dir)
	assert.Nil(t, h.Parts())

	var names []string
	for _, x := range p.Tests {
		names = append(names, x.Name)
		assert.Equal(t, "paxos", x.Lab)
	}
	assert.Equal(t, []string{"TestA1", "TestA2", "TestInternalB", "TestB1", "TestHiddenB"}, names,
		"by part, then in go test's order: the package's test files, then the external ones, by name, then by declaration")
	assert.Equal(t, []string{"A", "B"}, p.Parts())
	assert.Equal(t, 11, p.MaxScore())
	assert.Equal(t, [2]int{1, 2}, [2]int{h.Number, p.Number}, "labs are numbered in order")
	assert.Equal(t, 4, p.Tests[3].Number, "tests too")
	assert.True(t, p.Tests[4].Hidden)
	assert.Equal(t, [2]string{"paxos", "TestB1"}, [2]string{p.Tests[3].Lab, p.Tests[3].Name})
}

func TestDiscoverDuplicateTest(t *testing.T) {
	root := t.TempDir()
	writeLab(t, root, "x", map[string]string{
		"a_test.go": header + "//lab:points 1\nfunc TestSame(t *testing.T) {}\n",
		"b_test.go": header + "//lab:points 1\nfunc TestSame(t *testing.T) {}\n",
	})
	_, err := Discover(root)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "labs: labs/x/b_test.go:6: TestSame is also declared in a_test.go")
}

func TestDiscoverNoLabsDir(t *testing.T) {
	_, err := Discover(t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "labs: ")
}

func TestDiscoverInTheHandoutsOrder(t *testing.T) {
	root := t.TempDir()
	writeLab(t, root, "paxos", map[string]string{
		"a_test.go": header + "//lab:points 1\n//lab:part B\nfunc TestB1(t *testing.T) {}\n\n//lab:points 1\n//lab:part A\nfunc TestA1(t *testing.T) {}\n\n" +
			"//lab:points 1\n//lab:part A\nfunc TestA2(t *testing.T) {}\n\n//lab:points 1\n//lab:part A\nfunc TestA3(t *testing.T) {}\n",
		"README.md": "| part | test | points |\n| --- | --- | --- |\n| A | `TestA2` | 1 |\n| B | `TestB1` | 1 |\n| A | `TestA1` | 1 | like `TestA3` |\n",
	})
	writeLab(t, root, "hashring", map[string]string{"h_test.go": header + "//lab:points 5\nfunc TestRing(t *testing.T) {}\n"})
	writeLab(t, root, "zeta", map[string]string{"z_test.go": header + "//lab:points 5\nfunc TestZ(t *testing.T) {}\n"})
	require.NoError(t, os.WriteFile(filepath.Join(root, "labs", "README.md"), []byte(
		"| lab | handout |\n| --- | --- |\n| 1. Paxos | [paxos/README.md](paxos/README.md) |\n| 2. Hashing | [hashring/README.md](hashring/README.md) |\n"), 0o644))
	all, err := Discover(root)
	require.NoError(t, err)
	var labs, tests []string
	for _, l := range all {
		labs = append(labs, fmt.Sprintf("%d %s", l.Number, l.Name))
	}
	for _, x := range all[0].Tests {
		tests = append(tests, fmt.Sprintf("%d %s", x.Number, x.Name))
	}
	assert.Equal(t, []string{"1 paxos", "2 hashring", "3 zeta"}, labs, "as labs/README.md numbers them, then the others")
	assert.Equal(t, []string{"1 TestA2", "2 TestA1", "3 TestA3", "4 TestB1"}, tests,
		"by part, as the README lists them (a name in a later cell does not count), then the tests it does not list")
}
