package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"path"

	"github.com/distlab/distlab/grader/internal/tree"
)

// The JUnit XML shape gotestsum writes: a testsuite per package, a
// testcase per test.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Time       string          `xml:"time,attr"`
	Name       string          `xml:"name,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname  string          `xml:"classname,attr"`
	Name       string          `xml:"name,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Failure    *junitFailure   `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes JUnit XML: a testsuite per lab package, in the
// handout's order, with its number and score in the properties; a
// testcase per graded test, with its points and part in the properties;
// and for every test that scored 0 a failure whose message is the test's
// one-line summary and whose text is its details. A test that skipped
// itself is a failure too, since it scores nothing.
func WriteJUnit(w io.Writer, r *Report) error {
	var all junitSuites
	var total float64
	for _, l := range r.Labs {
		pkg := path.Join(tree.Module, path.Clean(l.Package))
		s := junitSuite{
			Name:      pkg,
			Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05Z07:00"),
			Properties: []junitProperty{
				{Name: "go.version", Value: r.GoVersion},
				{Name: "lab", Value: fmt.Sprint(l.Number)},
				{Name: "score", Value: fmt.Sprint(l.Score())},
				{Name: "max_score", Value: fmt.Sprint(l.MaxScore())},
			},
		}
		var suiteTime float64
		for _, t := range l.Tests {
			c := junitCase{Classname: pkg, Name: t.Name, Time: junitTime(t.Wall), Properties: []junitProperty{
				{Name: "points", Value: fmt.Sprint(t.Points)},
				{Name: "part", Value: t.Part},
			}}
			if t.Status != Pass {
				c.Failure = &junitFailure{Message: cmp.Or(t.Message, Label(t.Status)), Type: Label(t.Status), Text: Details(l, t)}
				s.Failures++
			}
			s.Tests++
			suiteTime += t.Wall
			s.Cases = append(s.Cases, c)
		}
		s.Time = junitTime(suiteTime)
		total += suiteTime
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Suites = append(all.Suites, s)
	}
	all.Time = junitTime(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "\t")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitTime(s float64) string { return fmt.Sprintf("%f", s) }
