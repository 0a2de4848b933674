package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/tree"
)

// workflow is the part of a GitHub Actions workflow the test reads.
type workflow struct {
	On          []string          `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			Dir  string            `yaml:"working-directory"`
			Env  map[string]string `yaml:"env"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestClassroomWorkflow checks the GitHub Classroom workflow as far as
// this machine allows: its shape, the reporter wired to the grading step,
// and the grading step's script, run with bash on a sample submission.
func TestClassroomWorkflow(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("classroom", "distlab.yml"))
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, yaml.Unmarshal(data, &wf))
	assert.Contains(t, wf.On, "push")
	assert.Equal(t, "write", wf.Permissions["checks"], "the reporter updates the check run")
	job, ok := wf.Jobs["run-autograding-tests"]
	require.True(t, ok)

	var gradeRun, gradeDir, runners, resultsEnv string
	for _, s := range job.Steps {
		switch {
		case s.ID == "distlab":
			gradeRun, gradeDir = s.Run, s.Dir
			assert.Equal(t, "${{ secrets.DISTLAB_SALT }}", s.Env["DISTLAB_SALT"])
		case strings.HasPrefix(s.Uses, "classroom-resources/autograding-grading-reporter@"):
			runners = s.With["runners"]
			resultsEnv = s.Env["DISTLAB_RESULTS"]
		}
	}
	require.NotEmpty(t, gradeRun, "a step with id distlab grades")
	assert.Equal(t, "official", gradeDir)
	assert.Equal(t, "distlab", runners, "the reporter reads runner distlab, from DISTLAB_RESULTS")
	assert.Equal(t, "${{ steps.distlab.outputs.result }}", resultsEnv)

	if testing.Short() {
		t.Skip("running the grading step grades a sample submission")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	root := fixture.Root(t)
	work := t.TempDir()
	require.NoError(t, tree.Copy(root, filepath.Join(work, "official"), nil))
	require.NoError(t, tree.Copy(root, filepath.Join(work, "submission"), nil))
	output := filepath.Join(work, "github_output")
	summary := filepath.Join(work, "step_summary")
	cmd := exec.Command("bash", "-e", "-c", gradeRun)
	cmd.Dir = filepath.Join(work, gradeDir)
	cmd.Env = append(os.Environ(),
		"GITHUB_OUTPUT="+output,
		"GITHUB_STEP_SUMMARY="+summary,
		"DISTLAB_SALT=s3cret",
		"DISTLAB_GRADE_ARGS=--labs hashring --run ^(TestOneMember|TestWrapAround)$ --seeds 1",
	)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	gh, err := os.ReadFile(output)
	require.NoError(t, err)
	encoded, ok := strings.CutPrefix(strings.TrimSpace(string(gh)), "result=")
	require.True(t, ok, "the step sets output result: %s", gh)
	decoded, err := base64.StdEncoding.DecodeString(encoded)
	require.NoError(t, err)
	var res struct {
		Version  int    `json:"version"`
		Status   string `json:"status"`
		MaxScore int    `json:"max_score"`
		Tests    []struct {
			Name   string `json:"name"`
			Status string `json:"status"`
			Score  int    `json:"score"`
		} `json:"tests"`
	}
	require.NoError(t, json.Unmarshal(decoded, &res))
	assert.Equal(t, 1, res.Version)
	assert.Equal(t, "pass", res.Status)
	require.Len(t, res.Tests, 2)
	total := 0
	for _, x := range res.Tests {
		assert.Equal(t, "pass", x.Status, x.Name)
		total += x.Score
	}
	assert.Equal(t, res.MaxScore, total, "the reference solution gets every point")

	sum, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(sum), "```\nhashring  (./labs/hashring, student package hashring/)")
	assert.FileExists(t, filepath.Join(work, "junit.xml"))
}
