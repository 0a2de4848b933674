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
	case Pending:
		return "pending"
	case Imports:
		return "RULES"
	case Memory:
		return "MEMORY"
	}
	return strings.ToUpper(string(st))
}

// WriteText writes the report for people: one table per lab, every
// failure with its seed, what broke and the replay command, and the
// scores by lab and part.
func WriteText(w io.Writer, r *Report, opts TextOptions) error {
	if opts.MaxFailures == 0 {
		opts.MaxFailures = MaxDetailFailures
	}
	st := style{on: opts.Color}
	var b strings.Builder
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "%s %s\n", st.paint(color.FgYellow, "note:"), n)
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
	}
	for _, l := range r.Labs {
		writeLabTable(&b, l, st)
		b.WriteString("\n")
	}
	writeFailures(&b, r, st, opts.MaxFailures)
	writeScores(&b, r, st)
	b.WriteString(Summary(r))
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// TestLine returns the table row of one test (without colors), as the
// text report and the progress display print it.
func TestLine(t *Test, nameWidth int) string {
	part := t.Part
	if part == "" {
		part = "-"
	}
	wall := FormatWall(t.Wall)
	if t.Status == Build || t.Status == Imports || t.Status == Pending {
		wall = "" // it never ran
	}
	line := fmt.Sprintf("%-8s %-4s %-*s %7s  %-14s %7s", Label(t.Status), part, nameWidth, t.Name,
		fmt.Sprintf("%d/%d", t.Score(), t.Points), seedsCell(t), wall)
	return strings.TrimRight(line, " ")
}

func writeLabTable(b *strings.Builder, l *Lab, st style) {
	fmt.Fprintf(b, "%s  (%s, student package %s/)\n", st.bold(l.Name), l.Package, l.Student)
	if l.BuildError != "" {
		fmt.Fprintf(b, "  %s the lab does not build; every test scores 0:\n%s\n", st.paint(color.FgRed, "BUILD FAILED:"), indent(l.BuildError, "    "))
	}
	if len(l.Imports) > 0 {
		fmt.Fprintf(b, "  %s student code must follow the rules of labs/README.md; every test scores 0:\n%s\n",
			st.paint(color.FgRed, "RULES BROKEN:"), indent(strings.Join(l.Imports, "\n"), "    "))
	}
	width := nameWidth(l)
	for _, t := range l.Tests {
		line := TestLine(t, width)
		label := Label(t.Status)
		line = st.status(t.Status, label) + line[len(label):]
		if t.Hidden {
			line += "  (hidden)"
		}
		if t.Status != Pass && t.Message != "" && t.Status != Build && t.Status != Imports {
			line += "  " + t.Message
		}
		fmt.Fprintf(b, "  %s\n", line)
	}
	fmt.Fprintf(b, "  %-8s %-4s %-*s %7s\n", "", "", width, "total", fmt.Sprintf("%d/%d", l.Score(), l.MaxScore()))
}

func nameWidth(l *Lab) int {
	w := len("total")
	for _, t := range l.Tests {
		w = max(w, len(t.Name))
	}
	return w
}

func seedsCell(t *Test) string {
	switch {
	case t.Status == Pending || t.Status == Build || t.Status == Imports || t.Seeds == 0:
		return ""
	case t.Passed == t.Seeds && t.Seeds == 1:
		return "1 seed"
	case t.Passed == t.Seeds:
		return fmt.Sprintf("%d seeds", t.Seeds)
	}
	return fmt.Sprintf("%d/%d seeds", t.Passed, t.Seeds)
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
			b.WriteString(indent(t.Output, "  "))
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

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
