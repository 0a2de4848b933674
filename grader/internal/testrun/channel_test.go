package testrun

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/labs/kit/results"
)

func seedRec(test string, seed int64, verdict string) results.Record {
	return results.Record{Type: results.TypeSeed, Test: test, Seed: seed, Verdict: verdict}
}

func TestReconcile(t *testing.T) {
	asked := []int64{11, 22, 33}
	for _, tc := range []struct {
		name    string
		recs    []results.Record
		missing string
		status  []report.Status
	}{
		{"every seed", []results.Record{seedRec("TestX", 33, results.Pass), seedRec("TestX", 11, results.Pass), seedRec("TestX", 22, results.Fail)},
			"", []report.Status{report.Pass, report.Fail, report.Pass}},
		{"no results", nil,
			"results missing: the test reported no result on the kit's channel", []report.Status{report.Pending, report.Pending, report.Pending}},
		{"fewer seeds", []results.Record{seedRec("TestX", 11, results.Pass)},
			"results missing: 2 of 3 seeds reported no result", []report.Status{report.Pass, report.Pending, report.Pending}},
		{"a seed not asked for", []results.Record{seedRec("TestX", 11, results.Pass), seedRec("TestX", 22, results.Pass), seedRec("TestX", 33, results.Pass), seedRec("TestX", 1, results.Pass)},
			"results missing: a result for seed 1, which the grader did not ask for", []report.Status{report.Pass, report.Pass, report.Pass}},
		{"a seed twice", []results.Record{seedRec("TestX", 11, results.Pass), seedRec("TestX", 11, results.Pass), seedRec("TestX", 22, results.Pass), seedRec("TestX", 33, results.Pass)},
			"results missing: two results for seed 11", []report.Status{report.Fail, report.Pass, report.Pass}},
		{"another test", []results.Record{seedRec("TestX", 11, results.Pass), seedRec("TestX", 22, results.Pass), seedRec("TestX", 33, results.Pass), seedRec("TestY", 11, results.Pass)},
			"results missing: a result of TestY, which did not run", []report.Status{report.Pass, report.Pass, report.Pass}},
		{"a listing", []results.Record{{Type: results.TypeSweep, Test: "TestX", DefaultSeeds: 3}},
			`results missing: 3 of 3 seeds reported no result; a "sweep" record, which a run of seeds does not write`, []report.Status{report.Pending, report.Pending, report.Pending}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seeds, kitErr, missing := reconcile("TestX", asked, tc.recs)
			assert.Empty(t, kitErr)
			assert.Equal(t, tc.missing, missing)
			require.Len(t, seeds, 3)
			for i, s := range seeds {
				assert.Equal(t, asked[i], s.Seed, "in the order asked")
				assert.Equal(t, tc.status[i], s.Status, "seed %d", s.Seed)
			}
		})
	}
}

func TestReconcileKitError(t *testing.T) {
	seeds, kitErr, missing := reconcile("TestX", []int64{1}, []results.Record{{Type: results.TypeError, Test: "TestX", Message: "kit: -seeds 0"}})
	assert.Equal(t, "kit: -seeds 0", kitErr)
	assert.Empty(t, missing, "the error says why")
	assert.Equal(t, report.Pending, seeds[0].Status)
}

func TestSettle(t *testing.T) {
	pass := func(seeds ...int64) []results.Record {
		var recs []results.Record
		for _, s := range seeds {
			recs = append(recs, seedRec("TestX", s, results.Pass))
		}
		return recs
	}
	for _, tc := range []struct {
		name   string
		stream report.Status
		recs   []results.Record
		err    error
		want   report.Status
	}{
		{"pass", report.Pass, pass(1, 2), nil, report.Pass},
		{"forged pass lines, no results", report.Pass, nil, nil, report.Fail},
		{"a pass with fewer seeds", report.Pass, pass(1), nil, report.Fail},
		{"a pass with other seeds", report.Pass, pass(1, 2, 3), nil, report.Fail},
		{"a pass the channel says failed", report.Pass, []results.Record{seedRec("TestX", 1, results.Pass), seedRec("TestX", 2, results.Fail)}, nil, report.Fail},
		{"a pass with an unreadable channel", report.Pass, pass(1, 2), errors.New("line 3: junk"), report.Fail},
		{"fail", report.Fail, pass(1, 2), nil, report.Fail},
		{"never ran", report.NotRun, nil, nil, report.NotRun},
		{"never said it ran, but reported", report.NotRun, pass(1, 2), nil, report.NotRun},
		{"timeout", report.Timeout, pass(1), nil, report.Timeout},
		{"crash", report.Crash, pass(1, 2), nil, report.Crash},
		{"skip", report.Skip, nil, nil, report.Skip},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := &Outcome{Test: "TestX", Status: tc.stream}
			settle(out, []int64{1, 2}, tc.recs, tc.err)
			assert.Equal(t, tc.want, out.Status)
			if tc.want == report.Pass {
				assert.Empty(t, out.Missing)
			}
			require.Len(t, out.Seeds, 2)
		})
	}
}

func TestChildEnv(t *testing.T) {
	env := []string{
		"PATH=/usr/bin", "HOME=/home/x", "GOCACHE=/c",
		"DISTLAB_SALT=pepper-and-salt", "distlab_salt=x", "GITHUB_TOKEN=t", "MY_SECRET=s", "AWS_SECRET_ACCESS_KEY=k",
		"INNOCENT=has pepper-and-salt inside", "SHORT=s",
	}
	assert.Equal(t, []string{"PATH=/usr/bin", "HOME=/home/x", "GOCACHE=/c", "SHORT=s"}, ChildEnv(env, "pepper-and-salt"))
	assert.Contains(t, ChildEnv([]string{"A=s"}, "s"), "A=s", "a secret too short to look for is not looked for")
}
