package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/distlab/distlab/grader/internal/fixture"
	"github.com/distlab/distlab/grader/internal/tree"
	"github.com/distlab/distlab/labs/mutant"
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
// this machine allows: its shape, the results handed to the reporter in a
// file (never in an environment variable, which Linux caps at 128 KiB),
// and the grading and reporting steps' scripts, run with bash on sample
// submissions against a stand-in for the GitHub API: the reference
// solution, and a failing submission whose results pass 200 KB.
func TestClassroomWorkflow(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("classroom", "distlab.yml"))
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, yaml.Unmarshal(data, &wf))
	assert.Contains(t, wf.On, "push")
	assert.Equal(t, "write", wf.Permissions["checks"], "the reporter updates the check run")
	job, ok := wf.Jobs["run-autograding-tests"]
	require.True(t, ok)

	var gradeRun, gradeDir, reportRun, artifacts string
	for _, s := range job.Steps {
		assert.NotContains(t, s.Uses, "autograding-grading-reporter", "Classroom's reporter reads results from an environment variable")
		for k, v := range s.Env {
			assert.NotContains(t, v, "steps.distlab.outputs", "step %q hands results over in variable %s", s.Name, k)
		}
		switch {
		case s.ID == "distlab":
			gradeRun, gradeDir = s.Run, s.Dir
			assert.Equal(t, "${{ secrets.DISTLAB_SALT }}", s.Env["DISTLAB_SALT"])
		case strings.Contains(s.Run, "grader/classroom/report.sh"):
			reportRun = s.Run
			assert.Equal(t, "${{ github.token }}", s.Env["GITHUB_TOKEN"])
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@"):
			artifacts = s.With["path"]
		}
	}
	require.NotEmpty(t, gradeRun, "a step with id distlab grades")
	assert.Equal(t, "official", gradeDir)
	require.NotEmpty(t, reportRun, "a step runs grader/classroom/report.sh")
	assert.Contains(t, reportRun, "classroom.json", "the reporter reads the results file")
	assert.NotContains(t, gradeRun, "GITHUB_OUTPUT", "results do not go through step outputs")
	for _, f := range []string{"grade.json", "classroom.json", "junit.xml"} {
		assert.Contains(t, artifacts, f, "the artifact keeps %s", f)
	}

	if testing.Short() {
		t.Skip("running the grading step grades sample submissions")
	}
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	fixture.Prebuild(t)
	root := fixture.Root(t)

	for _, tc := range []struct {
		name, sample string
		grade        string // DISTLAB_GRADE_ARGS
		points       string // what the check run says
		status       string
		minSize      int // of classroom.json
	}{
		{name: "reference", grade: "--labs hashring --run ^(TestOneMember|TestWrapAround)$ --seeds 1", points: "Points 7/7", status: "pass"},
		// On the public seeds, every failing seed is in the results (a
		// salted grade shows only the first of each test): the largest
		// results a failing submission makes.
		// minSize: over 128 KiB once in base64, Linux's limit on one
		// environment variable (checked below).
		{name: "failing", sample: "bigfail", grade: "--labs hashring --seeds 3 --public-seeds",
			status: "fail", minSize: 96 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			require.NoError(t, tree.Copy(root, filepath.Join(work, "official"), nil))
			sub := filepath.Join(work, "submission")
			require.NoError(t, copySubmission(root, sub))
			if tc.sample != "" {
				applySample(t, root, tc.sample, sub)
			}
			summary := filepath.Join(work, "step_summary")
			env := append(os.Environ(), "GITHUB_STEP_SUMMARY="+summary, "DISTLAB_GRADE_ARGS="+tc.grade)
			if !strings.Contains(tc.grade, "--public-seeds") {
				env = append(env, "DISTLAB_SALT=s3cret")
			}
			cmd := exec.Command("bash", "-e", "-c", gradeRun)
			cmd.Dir = filepath.Join(work, gradeDir)
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", out)

			data, err := os.ReadFile(filepath.Join(work, "classroom.json"))
			require.NoError(t, err)
			assert.Greater(t, len(data), tc.minSize, "the size of the results")
			if tc.minSize > 0 && runtime.GOOS == "linux" {
				// What Classroom's reporter would have needed, and cannot get.
				inEnv := exec.Command("true")
				inEnv.Env = []string{"DISTLAB_RESULTS=" + base64.StdEncoding.EncodeToString(data)}
				assert.ErrorIs(t, inEnv.Run(), syscall.E2BIG, "the results do not fit in an environment variable")
			}
			var res struct {
				Version  int    `json:"version"`
				Status   string `json:"status"`
				MaxScore int    `json:"max_score"`
				Tests    []struct {
					Name  string `json:"name"`
					Score int    `json:"score"`
				} `json:"tests"`
			}
			require.NoError(t, json.Unmarshal(data, &res))
			assert.Equal(t, tc.status, res.Status)
			if tc.points == "" { // what the results add up to
				score := 0
				for _, r := range res.Tests {
					score += r.Score
				}
				assert.Less(t, score, res.MaxScore)
				tc.points = fmt.Sprintf("Points %d/%d", score, res.MaxScore)
			}

			api := newFakeGitHub(t)
			cmd = exec.Command("bash", "-e", "-c", reportRun)
			cmd.Dir = work
			cmd.Env = append(env, "GITHUB_API_URL="+api.URL, "GITHUB_TOKEN=tok", "GITHUB_REPOSITORY=course/alice", "GITHUB_RUN_ID=42")
			out, err = cmd.CombinedOutput()
			if tc.status == "pass" {
				require.NoError(t, err, "%s", out)
			} else {
				var ee *exec.ExitError
				require.ErrorAs(t, err, &ee, "%s", out)
				assert.Equal(t, 1, ee.ExitCode(), "a failed test fails the job: %s", out)
			}
			assert.Contains(t, string(out), tc.points)
			assert.Contains(t, string(out), "hashring: TestOneMember (3 pts): 3 points")
			require.Len(t, api.patches, 1, "the check run is updated once: %s", out)
			var patch struct {
				Output struct {
					Summary     string `json:"summary"`
					Annotations []struct {
						Message string `json:"message"`
					} `json:"annotations"`
				} `json:"output"`
			}
			require.NoError(t, json.Unmarshal(api.patches[0], &patch))
			assert.Equal(t, tc.points, patch.Output.Summary)
			require.Len(t, patch.Output.Annotations, 1)
			assert.Equal(t, tc.points, patch.Output.Annotations[0].Message)

			sum, err := os.ReadFile(summary)
			require.NoError(t, err)
			assert.Contains(t, string(sum), "\n1. hashring  (./labs/hashring, student package hashring/)")
			assert.True(t, strings.HasPrefix(string(sum), "```\n"), "the report is in a code block")
			assert.Contains(t, string(sum), "### "+tc.points)
			assert.FileExists(t, filepath.Join(work, "junit.xml"))
		})
	}
}

// fakeGitHub stands in for the three calls of the GitHub API that
// report.sh makes: the workflow run, its check runs, and the update.
type fakeGitHub struct {
	*httptest.Server
	patches [][]byte
}

func newFakeGitHub(t *testing.T) *fakeGitHub {
	f := &fakeGitHub{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		switch {
		case r.Method == "GET" && r.URL.Path == "/repos/course/alice/actions/runs/42":
			fmt.Fprintf(w, `{"id": 42, "check_suite_url": %q}`, f.URL+"/repos/course/alice/check-suites/99")
		case r.Method == "GET" && r.URL.Path == "/repos/course/alice/check-suites/99/check-runs" &&
			r.URL.Query().Get("check_name") == "Autograding Tests":
			fmt.Fprint(w, `{"total_count": 1, "check_runs": [{"id": 7, "name": "Autograding Tests"}]}`)
		case r.Method == "PATCH" && r.URL.Path == "/repos/course/alice/check-runs/7":
			body, _ := io.ReadAll(r.Body)
			f.patches = append(f.patches, body)
			fmt.Fprint(w, `{"id": 7}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

// applySample applies the edits of a sample submission
// (testdata/submissions/SAMPLE/edits.mutant) to the tree at dir.
func applySample(t *testing.T, root, sample, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "grader", "testdata", "submissions", sample, "edits.mutant"))
	require.NoError(t, err)
	m, err := mutant.Parse(sample, data)
	require.NoError(t, err)
	require.NoError(t, m.Apply(dir))
}
