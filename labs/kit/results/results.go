package results

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The types of Record.
const (
	TypeSeed  = "seed"  // the outcome of one seed
	TypeSweep = "sweep" // a Sweep's default count (with -list-sweeps)
	TypeError = "error" // a test that could not run its seeds (bad flags)
)

// The verdicts of a seed.
const (
	Pass = "pass"
	Fail = "fail"
	Skip = "skip"
)

// Kind is what kind of failure a seed had: one of the kit's below, or a
// lab's own word in capitals that starts its failure message (LIVENESS,
// SAFETY, AGREEMENT, LOST WRITE, ...).
type Kind string

// The kinds of failure the kit reports.
const (
	Invariant       Kind = "INVARIANT"       // an observer or a check of the test saw a broken invariant
	Panic           Kind = "PANIC"           // node code (or the scenario) panicked
	Hang            Kind = "HANG"            // a handler, or student code outside a world, never returned
	Limit           Kind = "LIMIT"           // a run limit broke: a runaway node
	Nondeterminism  Kind = "NONDETERMINISM"  // the seed did not replay exactly
	Misuse          Kind = "MISUSE"          // node code misused the simulator
	Linearizability Kind = "LINEARIZABILITY" // clients saw a history no sequential order explains
	NotRun          Kind = "NOTRUN"          // the kit did not run the seed (a stuck handler holds the CPU)
	Failed          Kind = "FAIL"            // a check of the test failed, its message naming no kind
)

// ReplayCommand returns the command that runs one seed of a test again,
// with every event printed, from the module's root: e.g.
//
//	go test ./labs/hashring -run '^TestShardMove$/^seed=17$' -seed 17 -events
//
// pkg is the test's package ("./labs/hashring"), name the subtest's name
// ("TestShardMove/seed=17").
func ReplayCommand(pkg, name string, seed int64) string {
	return Replay(pkg, name, seed, true)
}

// Replay returns the command that runs one seed of a test again, as
// ReplayCommand, with -events only if events is set: a seed that runs no
// simulation has no events to print.
func Replay(pkg, name string, seed int64, events bool) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	cmd := fmt.Sprintf("go test %s -run '%s' -seed %d", pkg, strings.Join(parts, "/"), seed)
	if events {
		cmd += " -events"
	}
	return cmd
}

// MaxMessage bounds the failure message a Record carries.
const MaxMessage = 8 << 10

// Record is one line of the channel.
type Record struct {
	Type string `json:"type"`
	Test string `json:"test"` // the top-level test, "TestReElection"

	// TypeSeed.
	Seed        int64         `json:"seed,string,omitempty"`
	Verdict     string        `json:"verdict,omitempty"`
	Kind        Kind          `json:"kind,omitempty"`
	Fingerprint string        `json:"fingerprint,omitempty"` // 16 hex digits; "" if no world ran
	Events      uint64        `json:"events,omitempty"`
	Virtual     time.Duration `json:"virtual_ns,omitempty"`
	Wall        time.Duration `json:"wall_ns,omitempty"`
	Replay      string        `json:"replay,omitempty"`    // the command that replays the seed
	Porcupine   string        `json:"porcupine,omitempty"` // porcupine's page of a linearizability failure
	First       string        `json:"first,omitempty"`     // the failure's first line

	// TypeSeed (the whole failure) and TypeError.
	Message string `json:"message,omitempty"`

	// TypeSweep.
	DefaultSeeds int `json:"default_seeds,omitempty"`
}

// Writer appends records to a channel file. It is safe for concurrent
// use: seeds end in parallel.
type Writer struct {
	mu   sync.Mutex
	path string
	f    *os.File
	err  error
}

// NewWriter returns a writer to the file at path, which it opens (and
// creates) on the first record.
func NewWriter(path string) *Writer { return &Writer{path: path} }

// Write appends r as one line, in one write call, so that a process that
// dies leaves whole lines behind.
func (w *Writer) Write(r Record) error {
	if len(r.Message) > MaxMessage {
		r.Message = strings.ToValidUTF8(r.Message[:MaxMessage], "") + "\n... (cut)"
	}
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil && w.err == nil {
		w.f, w.err = os.OpenFile(w.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	}
	if w.err != nil {
		return fmt.Errorf("results: %w", w.err)
	}
	if _, err := w.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	return nil
}

// MaxFile bounds the channel file a reader accepts.
const MaxFile = 64 << 20

// ReadFile reads the channel file at path. A file that does not exist
// holds no records. A line that is not a record is an error: only the kit
// writes the file.
func ReadFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	defer f.Close()
	return Read(f)
}

// Read reads records, one JSON object per line, from r.
func Read(r io.Reader) ([]Record, error) {
	var out []Record
	sc := bufio.NewScanner(io.LimitReader(r, MaxFile))
	sc.Buffer(make([]byte, 64<<10), 2*MaxMessage+64<<10)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var rec Record
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			return out, fmt.Errorf("results: line %d: %w", n, err)
		}
		switch rec.Type {
		case TypeSeed, TypeSweep, TypeError:
		default:
			return out, fmt.Errorf("results: line %d: unknown record type %q", n, rec.Type)
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("results: %w", err)
	}
	return out, nil
}
