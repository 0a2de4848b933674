package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeListExample runs the list command that README.md shows with
// its output, and checks that the output shown is the grader's: every
// line of the example, but for the "..." that stands for the lines left
// out, is a line of the real output, in the same order.
func TestReadmeListExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)```\n\\$ go run ./grader (list[^\n]*)\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, m, "README.md shows `$ go run ./grader list ...` with its output")
	var stdout, stderr bytes.Buffer
	code := run(strings.Fields(string(m[1])), &stdout, &stderr)
	require.Zero(t, code, "grader %s: %s", m[1], stderr.String())
	got := strings.Split(stdout.String(), "\n")
	for _, want := range strings.Split(strings.TrimRight(string(m[2]), "\n"), "\n") {
		if strings.TrimSpace(want) == "..." {
			continue
		}
		i := 0
		for i < len(got) && got[i] != want {
			i++
		}
		require.Less(t, i, len(got), "README.md's example of grader %s shows %q, which is not in its output (in that order):\n%s", m[1], want, stdout.String())
		got = got[i+1:]
	}
}

// TestRootReadmeScore checks the score that the repository's README.md
// says `go run ./grader test` prints on the reference solutions: it is
// the total of every lab's points, as `grader list` counts them. The
// student edition leaves that sentence out with the instructors' parts.
func TestRootReadmeScore(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	if !bytes.Contains(readme, []byte("BEGIN INSTRUCTOR")) {
		t.Skip("the student edition's README.md says no score")
	}
	m := regexp.MustCompile(`it prints (\d+)/(\d+)\.`).FindSubmatch(readme)
	require.NotNil(t, m, "README.md says what `go run ./grader test` prints on the reference solutions")
	var stdout, stderr bytes.Buffer
	require.Zero(t, run([]string{"list"}, &stdout, &stderr), "grader list: %s", stderr.String())
	total := regexp.MustCompile(`graded tests, (\d+) points`).FindSubmatch(stdout.Bytes())
	require.NotNil(t, total, "grader list prints a total:\n%s", stdout.String())
	require.Equal(t, string(total[1]), string(m[1]), "README.md's score on the reference solutions")
	require.Equal(t, string(total[1]), string(m[2]), "README.md's maximum score")
}
