package main

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/report"
)

// TestJSONFieldsAreDocumented checks the JSON format against its
// description in README.md, both ways: every field written is described,
// and every field described is written, even at its zero value.
func TestJSONFieldsAreDocumented(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	start := bytes.Index(readme, []byte("The JSON format (`version` 1)"))
	require.NotEqual(t, -1, start, "README.md describes the JSON format")
	para, _, _ := strings.Cut(string(readme[start:]), "\n\n")

	statuses := []string{"pass", "fail", "timeout", "memory", "crash", "skip", "notrun", "build", "imports", "pending", "test", "false", "null"}
	var documented []string
	for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(para, -1) {
		if !slices.Contains(statuses, m[1]) && !slices.Contains(documented, m[1]) {
			documented = append(documented, m[1])
		}
	}

	// A report at its zero values: nothing to omit that could be.
	r := &report.Report{Version: report.Version, Labs: []*report.Lab{{Tests: []*report.Test{{Failures: []report.Failure{{}}}}}}}
	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b, r))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	var written []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				written = append(written, k)
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	for _, k := range written {
		assert.Contains(t, documented, k, "the JSON field %q is not described in README.md", k)
	}
	for _, k := range documented {
		assert.Contains(t, written, k, "README.md describes %q, which the JSON does not always have", k)
	}
}
