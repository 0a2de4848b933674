package kit

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/distlab/distlab/labs/kit/results"
	"github.com/distlab/distlab/labs/kit/summary"
)

// The results channel (see package results): the grader's -results FILE.
// One writer serves the whole test binary.
var (
	chanMu     sync.Mutex
	chanWriter *results.Writer
	chanPath   string
)

// channel returns the writer of the -results file, or nil without one.
func channel(s settings) *results.Writer {
	if s.results == "" {
		return nil
	}
	chanMu.Lock()
	defer chanMu.Unlock()
	if chanWriter == nil || chanPath != s.results {
		chanWriter, chanPath = results.NewWriter(s.results), s.results
	}
	return chanWriter
}

// failed is the first failure of a seed, as the channel reports it.
type failed struct {
	kind      results.Kind
	message   string // the whole failure message, replay line included
	porcupine string
}

// outcome is what a seed's runs record for its channel record: shared by
// the first run and the second, which checks that the seed replays.
type outcome struct {
	mu       sync.Mutex
	first    *failed
	replayed bool // a failure printed the replay command
}

// failed reports whether the seed has failed.
func (o *outcome) failed() bool {
	if o == nil {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.first != nil
}

// kind returns the kind of the seed's first failure, or k if there is
// none.
func (o *outcome) kind(k results.Kind) results.Kind {
	if o == nil {
		return k
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.first != nil {
		return o.first.kind
	}
	return k
}

// firstReplay reports whether no failure of the seed has printed the
// replay command yet, and notes that one does now.
func (o *outcome) firstReplay() bool {
	if o == nil {
		return true
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	first := !o.replayed
	o.replayed = true
	return first
}

// note keeps the first failure of the seed.
func (o *outcome) note(f failed) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.first == nil {
		o.first = &f
	}
}

// record reports the seed on the channel once its subtest is over (a
// cleanup of the subtest, so that everything below it has finished):
// pass only if the scenario returned and nothing failed.
func (r *Run) report(w *results.Writer, sum summary.Summary) {
	t := r.t
	rec := results.Record{
		Type:    results.TypeSeed,
		Test:    topLevel(t.Name()),
		Seed:    r.Seed,
		Verdict: results.Pass,
		Events:  sum.Events,
		Virtual: sum.Virtual,
		Wall:    sum.Wall,
		Replay:  r.replayCommand(),
	}
	if sum.Simulated {
		rec.Fingerprint = fmt.Sprintf("%016x", sum.Fingerprint)
	}
	r.out.mu.Lock()
	first := r.out.first
	r.out.mu.Unlock()
	switch {
	case t.Failed() || first != nil:
		// (A seed of a plain go test run that failed is skipped: its
		// failure is in the sweep's block.)
		rec.Verdict = results.Fail
		rec.Kind = results.Failed
		if first != nil {
			rec.Kind, rec.Message, rec.Porcupine = first.kind, first.message, first.porcupine
		}
	case t.Skipped():
		rec.Verdict = results.Skip
	case !r.returned:
		// runtime.Goexit in code the scenario called: the seed neither
		// failed nor finished.
		rec.Verdict, rec.Kind = results.Fail, results.Misuse
		rec.Message = fmt.Sprintf("seed %d: MISUSE: the scenario stopped without returning or failing (runtime.Goexit?)%s", r.Seed, r.replayLine())
	}
	rec.First = firstLine(rec.Message)
	if err := w.Write(rec); err != nil {
		t.Errorf("kit: %v", err)
	}
}

// topLevel returns the top-level test of a subtest's name.
func topLevel(name string) string {
	top, _, _ := strings.Cut(name, "/")
	return top
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

// kindOf returns the kind of failure a message states: one of the kit's
// own (Explain, the replay check, Within, CheckKV), or the lab's word in
// capitals that starts it ("LIVENESS broken: ...", "LOST WRITE: ..."), or
// Failed for any other message.
func kindOf(msg string) results.Kind {
	for _, k := range kindWords {
		if strings.HasPrefix(msg, k.prefix) {
			return k.kind
		}
	}
	if m := labKind.FindStringSubmatch(msg); m != nil {
		return results.Kind(m[1])
	}
	return results.Failed
}

// labKind matches a lab's word for what broke: a word of four capitals
// or more (and more words in capitals) at the start, then a colon or a
// lower-case word.
var labKind = regexp.MustCompile(`^([A-Z]{4,}(?: [A-Z]{3,})*)(?::| [a-z])`)

var kindWords = []struct {
	prefix string
	kind   results.Kind
}{
	{"INVARIANT", results.Invariant},
	{"PANIC", results.Panic},
	{"HANG", results.Hang},
	{"RUN LIMIT", results.Limit},
	{"NONDETERMINISM", results.Nondeterminism},
	{"MISUSE", results.Misuse},
	{"LINEARIZABILITY", results.Linearizability},
	{"not run:", results.NotRun},
}
