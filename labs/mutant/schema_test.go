package mutant

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemaModule writes a module whose package has a function of every
// shape a schema switches: a pointer and an unnamed value receiver,
// unnamed and blank parameters, variadic and named results, a type
// parameter, recursion and no results. Its test prints what each returns.
func schemaModule(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/shapes\n\ngo 1.26\n",
		"calc/calc.go": `package calc

import "strings"

// Acc accumulates.
type Acc struct{ n int }

// Add adds x.
func (a *Acc) Add(x int) { a.n += x }

// Zero is zero.
func (Acc) Zero(int, string) int { return 0 }

// Second returns its second argument.
func Second(_ int, b int) int { return b }

// Sum adds them all.
func Sum(xs ...int) (total int) {
	for _, x := range xs {
		total += x
	}
	return
}

// Max returns the larger.
func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Fact is n factorial.
func Fact(n int) int {
	if n <= 1 {
		return 1
	}
	return n * Fact(n-1)
}

// Shout upper-cases s.
func Shout(s string) string { return strings.ToUpper(s) }

var limit = 10

// Tally counts nothing.
type Tally struct{}

// Count is zero.
func (Tally) Count() int { return 0 }
`,
		"calc/calc_test.go": `package calc

import "testing"

func TestValues(t *testing.T) {
	var a Acc
	a.Add(3)
	a.Add(4)
	t.Logf("values: add=%d zero=%d second=%d sum=%d max=%d maxf=%g fact=%d shout=%s limit=%d count=%d",
		a.n, Acc{}.Zero(1, "x"), Second(1, 2), Sum(1, 2, 3), Max(2, 5), Max(2.5, 1.5), Fact(5), Shout("hi"), limit, Tally{}.Count())
}
`,
	}
	writeFiles(t, root, files)
	return root
}

func edits(name string, pairs ...string) Mutant {
	m := Mutant{Name: name}
	for i := 0; i < len(pairs); i += 2 {
		m.Edits = append(m.Edits, Edit{File: "calc/calc.go", Old: pairs[i], New: pairs[i+1]})
	}
	return m
}

var valuesLine = regexp.MustCompile(`values: .*`)

// values runs the binary's test and returns the line it printed.
func values(t *testing.T, bin *Binary) string {
	t.Helper()
	res, err := bin.Run(context.Background())
	require.NoError(t, err)
	require.Equal(t, []string{"TestValues"}, res.Passed, res.Output)
	v := valuesLine.FindString(res.Output)
	require.NotEmpty(t, v, res.Output)
	return v
}

// TestSchemaRunsEachMutantAsItsOwnBuild checks the schema against the
// definition of a mutant: with mutant N chosen, the schema binary prints
// what the binary built with N alone prints, for every shape of function,
// for two mutants of one function, for a mutant of two functions, and
// with none chosen the reference's values; a mutant may add an import, and
// unexported fields to a struct, which two mutants may share.
// Mutants that change more than bodies are left to their own builds.
func TestSchemaRunsEachMutantAsItsOwnBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	root := schemaModule(t)
	ms := []Mutant{
		edits("add", "a.n += x", "a.n -= x"),
		edits("zero", "Zero(int, string) int { return 0 }", "Zero(int, string) int { return 1 }"),
		edits("second", "return b }", "return b + 1 }"),
		edits("sum", "total += x", "total += 2 * x"),
		edits("sum2", "total += x", "total += x + 1"),
		edits("max", "if a > b", "if a < b"),
		edits("fact", "return 1\n", "return 2\n"),
		edits("both", "a.n += x", "a.n += 2 * x", "if a > b", "if a >= b+b"),
		edits("addimport", "import \"strings\"", "import (\n\t\"strings\"\n\t\"unicode\"\n)", "strings.ToUpper(s)", "strings.Map(unicode.ToLower, s)"),
		edits("limit", "var limit = 10", "var limit = 11"),
		edits("import", "import \"strings\"", "import strings \"bytes\"", "strings.ToUpper(s)", "string(strings.ToUpper([]byte(s)))"),
		edits("signature", "func Second(_ int, b int) int { return b }", "func Second(a int, b int) int { return a }"),
		edits("stale", "return a + b", "return a - b"),
		edits("field", "type Acc struct{ n int }", "type Acc struct{ n, calls int }", "a.n += x", "a.calls++; a.n += x * a.calls"),
		edits("field2", "type Acc struct{ n int }", "type Acc struct {\n\tn     int\n\tcalls int\n}", "a.n += x", "a.calls += 2; a.n += a.calls"),
		edits("fieldtype", "type Acc struct{ n int }", "type Acc struct{ n int; calls float64 }", "a.n += x", "a.calls += 0.5; a.n += x + int(a.calls)"),
		edits("exported", "type Acc struct{ n int }", "type Acc struct{ n, Calls int }", "a.n += x", "a.Calls++; a.n += x"),
		edits("embedded", "type Acc struct{ n int }", "type Acc struct {\n\tn int\n\tstrings.Builder\n}", "a.n += x", "a.WriteString(\"x\"); a.n += x + a.Len()"),
		edits("fieldonly", "type Acc struct{ n int }", "type Acc struct{ n, calls int }"),
		edits("emptyfield", "type Tally struct{}", "type Tally struct{ c int }", "func (Tally) Count() int { return 0 }", "func (t Tally) Count() int { t.c += 2; return t.c }"),
		edits("retyped", "type Acc struct{ n int }", "type Acc struct{ n int64 }", "a.n += x", "a.n += int64(x)"),
	}
	s, rest, err := NewSchema(root, ms)
	require.NoError(t, err)
	var held, alone []string
	for _, m := range s.Mutants {
		held = append(held, m.Name)
	}
	for _, m := range rest {
		alone = append(alone, m.Name)
	}
	assert.Equal(t, []string{"add", "zero", "second", "sum", "sum2", "max", "fact", "both", "addimport", "field", "field2", "emptyfield"}, held)
	assert.Equal(t, []string{"limit", "import", "signature", "stale", "fieldtype", "exported", "embedded", "fieldonly", "retyped"}, alone)

	// The originals keep their line numbers: the schema adds no line
	// before the copies at the end.
	orig, err := os.ReadFile(filepath.Join(root, "calc", "calc.go"))
	require.NoError(t, err)
	require.Len(t, s.Files, 2)
	assert.Equal(t, "calc/calc.go", s.Files[0].Path)
	schemaText := string(s.Files[0].Data)
	firstCopy := strings.Index(schemaText, "\nfunc (a *Acc) "+schemaPrefix+"1_Add(")
	require.Positive(t, firstCopy)
	assert.Equal(t, strings.Count(string(orig), "\n"), strings.Count(schemaText[:firstCopy], "\n"))

	ctx := context.Background()
	builds, err := NewBuilds(root, "./calc", ms)
	require.NoError(t, err)
	defer builds.Close()
	ref, err := Build(ctx, root, "./calc", Mutant{Name: "none"})
	require.NoError(t, err)
	want := values(t, ref)
	ref.Close()
	assert.Contains(t, want, "add=7 zero=0 second=2 sum=6 max=5 maxf=2.5 fact=120 shout=HI limit=10 count=0")

	for _, m := range ms {
		alone, err := Build(ctx, root, "./calc", m)
		if m.Name == "stale" {
			// Its text is not in the file: its own build says so.
			_, serr := builds.Binary(ctx, m)
			require.Error(t, err)
			assert.Equal(t, err.Error(), serr.Error())
			continue
		}
		require.NoError(t, err, m.Name)
		want := values(t, alone)
		alone.Close()
		shared, err := builds.Binary(ctx, m)
		require.NoError(t, err, m.Name)
		assert.Equal(t, want, values(t, shared), "mutant %s", m.Name)
		shared.Close()
	}
	// With no mutant chosen, the schema binary is the reference.
	assert.Len(t, builds.Schema(), 12)
	zero, err := builds.Binary(ctx, ms[0])
	require.NoError(t, err)
	zero.env = nil
	assert.Equal(t, want, values(t, zero))
}
