package mutant

import (
	"bytes"
	"strings"

	"github.com/distlab/distlab/internal/gotest"
)

// parseJSON reads go test -json output: the top-level tests that ran, in
// the order they finished, with their seed subtests counted; the printed
// text; and whether the build failed.
func parseJSON(data []byte) (tests []TestResult, text string, buildFailed bool) {
	var b strings.Builder
	index := map[string]int{}
	get := func(name string) *TestResult {
		i, ok := index[name]
		if !ok {
			i = len(tests)
			index[name] = i
			tests = append(tests, TestResult{Name: name})
		}
		return &tests[i]
	}
	var done []string
	first := map[string]string{} // top-level test -> its first seed subtest
	other := func(line []byte) { // the go command's own messages
		b.Write(line)
		b.WriteByte('\n')
	}
	gotest.Read(bytes.NewReader(data), func(ev gotest.Event) {
		b.WriteString(ev.Output)
		if ev.Action == "build-fail" {
			buildFailed = true
		}
		if ev.Test == "" {
			return
		}
		top, sub, nested := strings.Cut(ev.Test, "/")
		if ev.Action == "run" && nested && isSeed(sub) {
			if _, ok := first[top]; !ok {
				first[top] = sub
			}
		}
		if ev.Action != "pass" && ev.Action != "fail" {
			return
		}
		switch {
		case !nested:
			get(top).Failed = ev.Action == "fail"
			done = append(done, top)
		case isSeed(sub):
			t := get(top)
			t.Seeds++
			if ev.Action == "fail" {
				t.FailedSeeds++
				t.FirstFailed = t.FirstFailed || first[top] == sub
			}
		}
	}, other)
	// Keep the tests that finished, in the order they did.
	var out []TestResult
	for _, name := range done {
		out = append(out, tests[index[name]])
	}
	return out, b.String(), buildFailed
}

// isSeed reports whether a subtest's name is a seed of a sweep, "seed=N".
func isSeed(name string) bool {
	n, ok := strings.CutPrefix(name, "seed=")
	if !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
