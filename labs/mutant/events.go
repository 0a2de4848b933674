package mutant

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
)

// event is one line of go test -json (see go doc test2json).
type event struct {
	Action string
	Test   string
	Output string
}

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
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			b.Write(sc.Bytes()) // the go command's own messages
			b.WriteByte('\n')
			continue
		}
		b.WriteString(ev.Output)
		if ev.Action == "build-fail" {
			buildFailed = true
		}
		if ev.Test == "" {
			continue
		}
		top, sub, nested := strings.Cut(ev.Test, "/")
		if ev.Action == "run" && nested && isSeed(sub) {
			if _, ok := first[top]; !ok {
				first[top] = sub
			}
		}
		if ev.Action != "pass" && ev.Action != "fail" {
			continue
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
	}
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
