package report

import (
	"fmt"
	"io"
)

// classroomResult is the result a GitHub Classroom autograding runner
// hands to the grading reporter (base64-encoded, in the step output
// "result"): the reporter adds up the tests' scores against max_score.
type classroomResult struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"`
	MaxScore int             `json:"max_score"`
	Tests    []classroomTest `json:"tests"`
}

type classroomTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Score    int    `json:"score"`
	Message  string `json:"message"`
	TestCode string `json:"test_code"`
	Filename string `json:"filename"`
	LineNo   int    `json:"line_no"`
	Duration int    `json:"duration"`
}

// WriteClassroom writes the report as a GitHub Classroom runner result
// (JSON; the workflow base64-encodes it for the reporter).
func WriteClassroom(w io.Writer, r *Report) error {
	res := classroomResult{Version: 1, Status: "pass", MaxScore: r.MaxScore(), Tests: []classroomTest{}}
	for _, lt := range r.Tests() {
		l, t := lt.Lab, lt.Test
		ct := classroomTest{
			Name:     fmt.Sprintf("%s (%d pts)", testTitle(l, t), t.Points),
			Status:   "pass",
			Score:    t.Score(),
			Message:  Details(l, t),
			TestCode: "go run ./grader test " + l.Name + "/" + t.Name,
			Filename: l.Package,
			Duration: int(t.Wall * 1000),
		}
		if t.Status != Pass {
			ct.Status = "fail"
			res.Status = "fail"
		}
		res.Tests = append(res.Tests, ct)
	}
	return encodeJSON(w, res)
}
