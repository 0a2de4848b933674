package testrun

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/distlab/distlab/grader/internal/report"
	"github.com/distlab/distlab/internal/gotest"
	"github.com/distlab/distlab/labs/kit/results"
)

// Seed is one seed of a test: its record on the results channel, and
// how it ended.
//
// Once Run returns, a test's seeds are exactly those the grader asked
// for, in that order, each as the kit reported it on the results channel
// (Status Pending: it reported nothing). While the test runs, the seeds
// the progress display sees are those its output mentions, for the
// display only.
type Seed struct {
	results.Record
	Status report.Status // Pass, Fail or Skip as reported; Pending: no result
}

// Outcome is what one top-level test did.
type Outcome struct {
	Test string
	// Status is Pass only when the test binary exited 0 after the test
	// passed and the results channel holds a passing result for every
	// seed asked for and no other (see Run).
	Status report.Status
	Seeds  []*Seed
	// Missing says how the results channel fails to account for the
	// seeds asked for ("results missing: ..."); "" when it does. It is
	// set only for a test that ended by itself (not Timeout or Crash,
	// whose unreported seeds were still running).
	Missing string
	Error   string // the kit's report that the test could not run its seeds
	Output  string // the test's own output, framing removed: text for people
	Stray   string // output outside any test: the go command's messages, an exit status
	Panic   string // a panic or fatal error that ended the binary, first lines
	// Elapsed is the test's time as the testing package measured it,
	// which leaves out its parallel subtests (the seeds): about 0 for a
	// kit test. Wall is what the test took.
	Elapsed time.Duration
	Wall    time.Duration // the wall time of the child process that ran the test (set by Run)
	Limit   time.Duration // the time limit, when Status is Timeout
	// Memory is the most resident memory the test's processes had
	// between them, as sampled under a memory limit (Config.Memory);
	// MemoryOver says it went over and the processes were killed.
	Memory     int64
	MemoryOver bool
}

// Virtual returns the virtual time the test's seeds simulated.
func (o *Outcome) Virtual() time.Duration {
	var d time.Duration
	for _, s := range o.Seeds {
		d += s.Virtual
	}
	return d
}

// Events returns the events the test's seeds simulated.
func (o *Outcome) Events() uint64 {
	var n uint64
	for _, s := range o.Seeds {
		n += s.Events
	}
	return n
}

// Count returns how many seeds ended with each status.
func (o *Outcome) Count(st report.Status) int {
	n := 0
	for _, s := range o.Seeds {
		if s.Status == st {
			n++
		}
	}
	return n
}

// maxOutput bounds the output kept per test and per seed: a node that
// prints on every message must not exhaust the grader's memory.
const maxOutput = 64 << 10

// collector folds test2json events into an Outcome: the test's status
// as its output says, its output for people, and the seeds it mentions
// (for the progress display).
type collector struct {
	out      *Outcome
	bySub    map[string]*Seed
	outBuf   cappedBuilder
	stray    cappedBuilder
	final    bool // the top-level test reported pass, fail or skip
	panicked bool // the binary printed a panic or a fatal error; the rest goes to panicBuf
	panicBuf cappedBuilder
}

// Collect reads a test2json stream of one top-level test (other tests'
// events are ignored) and returns its outcome as the stream tells it.
// Lines that are not JSON (the go command's own messages) count as stray
// output. The outcome's status is NotRun if the stream never finished
// the test, and Timeout if the binary's -test.timeout ended it; callers
// that know the process was killed or died say so with Timeout or Crash.
//
// Nothing in the stream decides a grade: student code can print lines
// that look like go test's. Run checks the outcome against the results
// channel.
func Collect(r io.Reader, test string, each func(*Outcome)) (*Outcome, error) {
	c := &collector{out: &Outcome{Test: test}, bySub: map[string]*Seed{}}
	err := gotest.Read(r, func(ev gotest.Event) {
		c.add(ev)
		if each != nil {
			each(c.out)
		}
	}, func(line []byte) { c.stray.WriteString(string(line) + "\n") })
	return c.finish(), err
}

func (c *collector) add(ev gotest.Event) {
	if ev.Action == "output" && (c.panicked || isPanic(ev.Output)) {
		c.panicked = true
		c.panicBuf.WriteString(ev.Output)
		return
	}
	name, sub, isSub := strings.Cut(ev.Test, "/")
	switch {
	case ev.Test == "":
		if ev.Action == "output" && !isFraming(ev.Output) {
			c.stray.WriteString(ev.Output)
		}
		return
	case name != c.out.Test:
		return
	}
	if !isSub {
		c.addTop(ev)
		return
	}
	// A seed's own output is not kept: the results channel carries its
	// failure.
	n, ok := strings.CutPrefix(sub, "seed=")
	if !ok || ev.Action == "output" || strings.Contains(sub, "/") {
		return
	}
	seed, err := strconv.ParseInt(n, 10, 64)
	if err != nil {
		return
	}
	s, ok := c.bySub[sub]
	if !ok {
		s = &Seed{Record: results.Record{Seed: seed}, Status: report.Pending}
		c.bySub[sub] = s
		c.out.Seeds = append(c.out.Seeds, s)
	}
	switch ev.Action {
	case "pass", "fail", "skip":
		s.Status = report.Status(ev.Action)
	}
}

func (c *collector) addTop(ev gotest.Event) {
	switch ev.Action {
	case "output":
		if !isFraming(ev.Output) {
			c.outBuf.WriteString(ev.Output)
		}
	case "pass", "fail", "skip":
		c.final = true
		c.out.Status = report.Status(ev.Action)
		c.out.Elapsed = seconds(ev.Elapsed)
	}
}

func (c *collector) finish() *Outcome {
	c.out.Output = cleanOutput(c.outBuf.String())
	c.out.Stray = strings.TrimRight(c.stray.String(), "\n")
	if !c.final {
		c.out.Status = report.NotRun
	}
	if c.panicked {
		c.out.Panic = summarizePanic(c.panicBuf.String())
		if strings.HasPrefix(c.out.Panic, timeoutPanic) {
			c.out.Status = report.Timeout
		}
	}
	return c.out
}

// timeoutPanic starts what a test binary prints when -test.timeout ends it.
const timeoutPanic = "panic: test timed out after "

// panicLines is how much of a panic's output an Outcome keeps: the
// message and the first goroutines.
const panicLines = 60

// isPanic reports whether an output line starts a panic or fatal error of
// the whole binary. Tests' own logs are indented; these are not.
func isPanic(line string) bool {
	return strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ")
}

// summarizePanic keeps what helps in a panic's output: the message (and
// the tests a timeout found running), then the goroutines that were
// running code, not waiting, since a goroutine stuck in a loop is one of
// them. The testing package's own goroutines are left out. The result has
// at most panicLines lines.
func summarizePanic(s string) string {
	blocks := strings.Split(strings.TrimRight(s, "\n"), "\n\n")
	keep := []string{blocks[0]}
	for _, b := range blocks[1:] {
		head, _, _ := strings.Cut(b, "\n")
		active := strings.Contains(head, "[running]") || strings.Contains(head, "[runnable]")
		if strings.HasPrefix(head, "goroutine ") && (!active || strings.Contains(b, "testing.(*M).startAlarm")) {
			continue
		}
		keep = append(keep, b)
	}
	return report.FirstLines(strings.Join(keep, "\n\n"), panicLines)
}

// framing matches the lines the testing package frames tests with.
var framing = regexp.MustCompile(`^\s*(=== (RUN|PAUSE|CONT|NAME)\b|--- (PASS|FAIL|SKIP)\b|(PASS|FAIL)\s*$|ok\s+\S+|FAIL\s+\S+)`)

func isFraming(line string) bool { return framing.MatchString(line) }

// logPrefix is the "file.go:12: " the testing package puts before a log.
var logPrefix = regexp.MustCompile(`^    [\w.-]+\.go:\d+: `)

// cleanOutput removes the testing package's indentation and file:line
// prefixes from a test's output, keeping the text the test logged.
func cleanOutput(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		switch {
		case logPrefix.MatchString(line):
			line = logPrefix.ReplaceAllString(line, "")
		case strings.HasPrefix(line, "        "):
			line = line[8:]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

func seconds(f float64) time.Duration {
	return time.Duration(f * float64(time.Second)).Round(time.Millisecond)
}

// cappedBuilder keeps the first maxOutput bytes written to it and counts
// the rest.
type cappedBuilder struct {
	b       strings.Builder
	dropped int
}

func (c *cappedBuilder) WriteString(s string) {
	if room := maxOutput - c.b.Len(); room < len(s) {
		if room > 0 {
			c.b.WriteString(s[:room])
		}
		c.dropped += len(s) - max(room, 0)
		return
	}
	c.b.WriteString(s)
}

// Write is WriteString, for a command's output.
func (c *cappedBuilder) Write(p []byte) (int, error) {
	c.WriteString(string(p))
	return len(p), nil
}

func (c *cappedBuilder) String() string {
	if c.dropped == 0 {
		return c.b.String()
	}
	return c.b.String() + fmt.Sprintf("\n... (%d more bytes of output not kept)\n", c.dropped)
}
