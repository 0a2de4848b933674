package report

import (
	"fmt"
	"strings"

	"github.com/distlab/distlab/labs/kit/results"
)

// maxNotRunSeeds bounds the seeds the line about seeds not run names.
const maxNotRunSeeds = 10

// writeFailureList writes a test's failing seeds as every format shows
// them to people: the first maxShown that ran in full (message and replay
// command), then one line listing the other failing seeds and how to
// replay them, then one line about the seeds the kit did not run. Each
// line starts with prefix; the lines of a message are indented with it.
func writeFailureList(b *strings.Builder, l *Lab, t *Test, maxShown int, prefix string) {
	var ran, notRun []Failure
	for _, f := range t.Failures {
		if f.NotRun {
			notRun = append(notRun, f)
		} else {
			ran = append(ran, f)
		}
	}
	replay := fmt.Sprintf("go run ./grader replay %s %s --seed N", l.Name, t.Name)
	for i, f := range ran {
		if i == maxShown {
			fmt.Fprintf(b, "%s... and %d more failing: seeds %s (replay one with %s)\n",
				prefix, len(ran)-i, seedList(ran[i:], 0), replay)
			break
		}
		b.WriteString(Indent(f.Message, prefix))
		b.WriteString("\n")
		if f.Replay != "" && !strings.Contains(f.Message, f.Replay) {
			fmt.Fprintf(b, "%s    replay: %s\n", prefix, f.Replay)
		}
	}
	if len(notRun) > 0 {
		fmt.Fprintf(b, "%s%s\n", prefix, notRunLine(ran, notRun, replay))
	}
	if t.Withheld > 0 {
		word := "seeds"
		if t.Withheld == 1 {
			word = "seed"
		}
		fmt.Fprintf(b, "%s... and %d more failing %s (the grading seeds are secret: only the first failing seed of a test is shown)\n",
			prefix, t.Withheld, word)
	}
}

// notRunLine is the one line that stands for the seeds the kit did not
// run.
func notRunLine(ran, notRun []Failure, replay string) string {
	why := "the kit did not run them"
	if hung(ran) {
		why = "the kit stopped running seeds after a handler got stuck (HANG above)"
	} else if r := notRunReason(notRun[0].Message); r != "" {
		why = "the kit said: " + r
	}
	return fmt.Sprintf("and %s not run: %s; seeds %s (each replays on its own: %s)",
		Plural(len(notRun), "seed"), why, seedList(notRun, maxNotRunSeeds), replay)
}

// hung reports whether some failure is a stuck handler.
func hung(fs []Failure) bool {
	for _, f := range fs {
		if f.Kind == string(results.Hang) {
			return true
		}
	}
	return false
}

// seedList lists the seeds of fs, at most max of them (0: all).
func seedList(fs []Failure, max int) string {
	var seeds []string
	for i, f := range fs {
		if max > 0 && i == max {
			seeds = append(seeds, "...")
			break
		}
		seeds = append(seeds, fmt.Sprint(f.Seed))
	}
	return strings.Join(seeds, ", ")
}

// failureText returns a failure message without the kit's "seed N" or
// "seed N at virtual time T" prefix: what broke.
func failureText(msg string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	if strings.HasPrefix(first, "seed ") {
		if _, rest, ok := strings.Cut(first, ": "); ok {
			return rest
		}
	}
	return first
}

// notRunReason returns the reason of a "not run:" message, up to its
// first clause.
func notRunReason(msg string) string {
	r := strings.TrimSpace(strings.TrimPrefix(failureText(msg), "not run:"))
	if i := strings.IndexAny(r, ";("); i > 0 {
		r = strings.TrimSpace(r[:i])
	}
	return r
}

// Plural returns "1 word" or "n words".
func Plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
