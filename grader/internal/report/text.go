package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fatih/color"
)

// TextOptions configure WriteText.
type TextOptions struct {
	Color       bool // ANSI colors (only for a terminal)
	MaxFailures int  // failing seeds shown in full per test; 0: MaxDetailFailures
	// Streamed leaves out the labs' tables: they were printed as the
	// tests finished (see package progress), so the text is what follows.
	Streamed bool
}

// style colors text when enabled.
type style struct{ on bool }

func (s style) paint(attr color.Attribute, text string) string {
	if !s.on {
		return text
	}
	c := color.New(attr)
	c.EnableColor()
	return c.Sprint(text)
}

func (s style) status(st Status, text string) string {
	switch st {
	case Pass:
		return s.paint(color.FgGreen, text)
	case Skip, Pending:
		return s.paint(color.FgYellow, text)
	}
	return s.paint(color.FgRed, text)
}

func (s style) bold(text string) string { return s.paint(color.Bold, text) }

// Label returns the word the text report shows for a status.
func Label(st Status) string {
	switch st {
	case Pass:
		return "ok"
	case NotRun:
		return "NOT RUN"
	case Imports:
		return "RULES"
	case Pending:
		return "pending"
	}
	return strings.ToUpper(string(st))
}

// WriteText writes the report for people: a table per lab, every
// failure with its seed, what broke and the replay command, and the
// scores by lab and part.
func WriteText(w io.Writer, r *Report, opts TextOptions) error {
	if opts.MaxFailures == 0 {
		opts.MaxFailures = MaxDetailFailures
	}
	st := style{on: opts.Color}
	var b strings.Builder
	writeNotes(&b, r, st)
	for _, l := range r.Labs {
		if opts.Streamed {
			break
		}
		b.WriteString(LabHead(l, opts.Color))
		for _, t := range l.Tests {
			b.WriteString(Row(l, t, opts.Color) + "\n")
		}
		b.WriteString("\n")
	}
	writeFailures(&b, r, st, opts.MaxFailures)
	writeScores(&b, r, st)
	b.WriteString(Summary(r))
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeNotes writes the report's notes, and a blank line after them.
func writeNotes(b *strings.Builder, r *Report, st style) {
	for _, n := range r.Notes {
		fmt.Fprintf(b, "%s %s\n", st.paint(color.FgYellow, "note:"), n)
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
	}
}

// LabHead returns the lines above a lab's rows: its number and name,
// and why every test scores 0 if it does not build or breaks the rules.
func LabHead(l *Lab, colors bool) string {
	st := style{on: colors}
	var b strings.Builder
	name := l.Name
	if l.Number > 0 {
		name = fmt.Sprintf("%d. %s", l.Number, l.Name)
	}
	fmt.Fprintf(&b, "%s  (%s, student package %s/)\n", st.bold(name), l.Package, l.Student)
	if l.BuildError != "" {
		fmt.Fprintf(&b, "  %s the lab does not build; every test scores 0:\n%s\n", st.paint(color.FgRed, "BUILD FAILED:"), Indent(l.BuildError, "    "))
	}
	if len(l.Imports) > 0 {
		fmt.Fprintf(&b, "  %s student code must follow the rules of labs/README.md; every test scores 0:\n%s\n",
			st.paint(color.FgRed, "RULES BROKEN:"), Indent(strings.Join(l.Imports, "\n"), "    "))
	}
	return b.String()
}

// Row returns a test's row of its lab's table, which the progress display
// prints as the test finishes:
//
//	ok       paxos/TestBasic (part A)  10/10  20/20 seeds  1.3s
func Row(l *Lab, t *Test, colors bool) string {
	label := Label(t.Status)
	var b strings.Builder
	b.WriteString(style{on: colors}.status(t.Status, label))
	b.WriteString(strings.Repeat(" ", max(1, 9-len(label))))
	b.WriteString(l.Name + "/" + t.Name)
	if t.Part != "" {
		fmt.Fprintf(&b, " (part %s)", t.Part)
	}
	fmt.Fprintf(&b, "  %d/%d", t.Score(), t.Points)
	if t.Seeds > 0 {
		fmt.Fprintf(&b, "  %d/%d seeds", t.Passed, t.Seeds)
	}
	fmt.Fprintf(&b, "  %s", FormatWall(t.Wall))
	if t.Hidden {
		b.WriteString("  (hidden)")
	}
	if t.Status != Pass && t.Message != "" {
		b.WriteString("  " + t.Message)
	}
	return b.String()
}

func writeFailures(b *strings.Builder, r *Report, st style, maxShown int) {
	first := true
	for _, lt := range r.Tests() {
		t := lt.Test
		if t.Status == Pass || t.Status == Pending || t.Status == Build || t.Status == Imports {
			continue
		}
		if first {
			fmt.Fprintf(b, "%s\n\n", st.bold("Failures"))
			first = false
		}
		fmt.Fprintf(b, "%s %s\n", st.status(t.Status, "---"), st.bold(lt.ID()+": "+t.Message))
		writeFailureList(b, lt.Lab, t, maxShown, "  ")
		if t.Output != "" {
			b.WriteString(Indent(t.Output, "  "))
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
}

func writeScores(b *strings.Builder, r *Report, st style) {
	fmt.Fprintf(b, "%s\n\n", st.bold("Score"))
	width := len("total")
	for _, l := range r.Labs {
		width = max(width, len(l.Name))
	}
	for _, l := range r.Labs {
		for _, p := range l.Parts() {
			s, m := l.PartScore(p)
			fmt.Fprintf(b, "  %-*s  part %-4s %7s\n", width, l.Name, p, fmt.Sprintf("%d/%d", s, m))
		}
		fmt.Fprintf(b, "  %-*s  %-9s %7s\n", width, l.Name, "", scoreCell(st, l.Score(), l.MaxScore()))
	}
	fmt.Fprintf(b, "  %-*s  %-9s %7s\n\n", width, "total", "", st.bold(scoreCell(style{}, r.Score(), r.MaxScore())))
}

func scoreCell(st style, score, max int) string {
	s := fmt.Sprintf("%d/%d", score, max)
	if score == max {
		return st.paint(color.FgGreen, s)
	}
	return st.paint(color.FgRed, s)
}

// Summary returns the report's last line: tests passed, seeds, wall time
// and the virtual time simulated.
func Summary(r *Report) string {
	passed, total := r.Passed()
	s := fmt.Sprintf("%d of %d tests passed, %s; wall %s, virtual %s simulated",
		passed, total, r.SeedsText(), FormatWall(r.Wall), FormatVirtual(r.Virtual()))
	if r.Race {
		s += "; race detector on"
	}
	if r.Shard != "" {
		s += "; shard " + r.Shard
	}
	if !r.Complete {
		s += "; INCOMPLETE: the run was interrupted"
	}
	return s
}

// FormatWall prints a wall time in seconds: "0.4s", "83.0s".
func FormatWall(s float64) string { return fmt.Sprintf("%.1fs", s) }

// FormatVirtual prints a virtual duration rounded to the millisecond.
func FormatVirtual(d time.Duration) string { return d.Round(time.Millisecond).String() }

// FirstLines returns the first n lines of s, and "..." if there are more.
func FirstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimRight(s, "\n"), "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}

// Indent puts prefix before every line of s that is not empty.
func Indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
