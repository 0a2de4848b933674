package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"strings"
)

// gradescopeResults is Gradescope's results.json.
type gradescopeResults struct {
	Score         float64          `json:"score"`
	ExecutionTime int              `json:"execution_time"`
	Output        string           `json:"output"`
	OutputFormat  string           `json:"output_format"`
	Visibility    string           `json:"visibility"`
	Tests         []gradescopeTest `json:"tests"`
}

type gradescopeTest struct {
	Name         string   `json:"name"`
	Number       string   `json:"number"`
	Score        float64  `json:"score"`
	MaxScore     float64  `json:"max_score"`
	Status       string   `json:"status"`
	Output       string   `json:"output"`
	OutputFormat string   `json:"output_format"`
	Visibility   string   `json:"visibility"`
	Tags         []string `json:"tags,omitempty"`
}

// WriteGradescope writes Gradescope's results.json: one entry per graded
// test, numbered lab.test (see testNumber), with its failures and replay commands as
// output. Hidden tests are shown to students once the grades are
// published.
func WriteGradescope(w io.Writer, r *Report) error {
	res := gradescopeResults{
		Score:         float64(r.Score()),
		ExecutionTime: int(math.Round(r.Wall)),
		Output:        overview(r),
		OutputFormat:  "text",
		Visibility:    "visible",
		Tests:         []gradescopeTest{},
	}
	for i, l := range r.Labs {
		for j, t := range l.Tests {
			gt := gradescopeTest{
				Name:         testTitle(l, t),
				Number:       testNumber(i, l, j, t),
				Score:        float64(t.Score()),
				MaxScore:     float64(t.Points),
				Status:       "failed",
				Output:       Details(l, t),
				OutputFormat: "text",
				Visibility:   "visible",
				Tags:         []string{l.Name},
			}
			if t.Status == Pass {
				gt.Status = "passed"
			}
			if t.Hidden {
				gt.Visibility = "after_published"
			}
			if t.Part != "" {
				gt.Tags = append(gt.Tags, l.Name+"/"+t.Part)
			}
			res.Tests = append(res.Tests, gt)
		}
	}
	return encodeJSON(w, res)
}

// testNumber is a test's Gradescope number, lab.test: the lab's place
// among all the labs of the official tree and the test's among all the
// graded tests of its lab, so that a test keeps its number whatever --labs
// and --run choose. Reports without numbers fall back to the places in the
// report (i and j, from 0).
func testNumber(i int, l *Lab, j int, t *Test) string {
	ln, tn := l.Number, t.Number
	if ln == 0 || tn == 0 {
		ln, tn = i+1, j+1
	}
	return fmt.Sprintf("%d.%d", ln, tn)
}

// testTitle names a test for people: "paxos part A: TestBasicAgreement".
func testTitle(l *Lab, t *Test) string {
	if t.Part != "" {
		return fmt.Sprintf("%s part %s: %s", l.Name, t.Part, t.Name)
	}
	return l.Name + ": " + t.Name
}

// Details returns everything a student needs about one test: the
// message, its failing seeds as the text report shows them (the first
// MaxDetailFailures in full with how to replay them, then the list of the
// others), and the rest of the output.
func Details(l *Lab, t *Test) string {
	var b strings.Builder
	if t.Status == Pass {
		fmt.Fprintf(&b, "passed: %s", Plural(t.Seeds, "seed"))
	} else {
		b.WriteString(cmp.Or(t.Message, Label(t.Status)))
	}
	b.WriteString("\n")
	if len(t.Failures) > 0 {
		b.WriteString("\n")
		writeFailureList(&b, l, t, MaxDetailFailures, "")
	}
	if t.Output != "" {
		b.WriteString("\n")
		b.WriteString(t.Output)
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// MaxDetailFailures is how many failing seeds every format shows in full
// per test; the JSON format keeps them all.
const MaxDetailFailures = 3

// overview is the text above the tests: notes, build errors, the score
// table and the summary line.
func overview(r *Report) string {
	var b strings.Builder
	writeNotes(&b, r, style{})
	writeScores(&b, r, style{})
	b.WriteString(Summary(r))
	return b.String()
}
