package mutant

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseJSON(t *testing.T) {
	out := `{"Action":"run","Test":"TestA"}
{"Action":"run","Test":"TestA/seed=3"}
{"Action":"run","Test":"TestA/seed=1"}
{"Action":"run","Test":"TestB/case=x"}
{"Action":"run","Test":"TestB/seed=5"}
{"Action":"pass","Test":"TestB/seed=5"}
{"Action":"output","Test":"TestA","Output":"--- FAIL: TestA\n"}
{"Action":"fail","Test":"TestA/seed=1"}
{"Action":"pass","Test":"TestA/seed=2"}
{"Action":"fail","Test":"TestA/seed=3"}
{"Action":"fail","Test":"TestA/seed=3/inner"}
{"Action":"skip","Test":"TestA/seed=4"}
{"Action":"fail","Test":"TestA"}
{"Action":"pass","Test":"TestB/case=x"}
{"Action":"pass","Test":"TestB"}
{"Action":"fail","Test":"TestC/seed=9"}
{"Action":"fail"}
go: downloading something
`
	tests, text, buildFailed := parseJSON([]byte(out))
	assert.Equal(t, []TestResult{
		{Name: "TestA", Failed: true, Seeds: 3, FailedSeeds: 2, FirstFailed: true},
		{Name: "TestB", Seeds: 1},
	}, tests, "in the order they finished; a test that never finished is left out; seed=3 started first")
	assert.Contains(t, text, "--- FAIL: TestA")
	assert.Contains(t, text, "go: downloading something")
	assert.False(t, buildFailed)

	_, _, buildFailed = parseJSON([]byte(`{"Action":"build-fail"}` + "\n"))
	assert.True(t, buildFailed)
}

func TestIsSeed(t *testing.T) {
	for name, want := range map[string]bool{"seed=0": true, "seed=17": true, "seed=": false, "seed=x": false, "seeds=1": false, "case": false} {
		assert.Equal(t, want, isSeed(name), name)
	}
}
