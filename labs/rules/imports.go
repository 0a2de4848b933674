package rules

import (
	"slices"
	"strings"
)

// allowedStd is the standard library student code may import: data
// structures, text, numbers and encodings, nothing that reaches the
// process, the files, the network, the clock or other goroutines. The
// packages in members may be used only in part (see allowedMember).
var allowedStd = []string{
	"bytes", "cmp", "errors", "fmt", "iter", "maps", "slices", "sort",
	"strconv", "strings", "time", "unicode", "unicode/utf8", "unicode/utf16",
	"container/heap", "container/list", "container/ring",
	"math", "math/big", "math/bits", "math/cmplx", "math/rand/v2",
	"encoding", "encoding/ascii85", "encoding/base32", "encoding/base64",
	"encoding/binary", "encoding/csv", "encoding/hex", "encoding/json",
	"encoding/pem", "encoding/xml",
	"hash", "hash/adler32", "hash/crc32", "hash/crc64", "hash/fnv",
	"regexp",
}

// members lists, for the standard packages student code may use only in
// part, the package-level names it may use. Methods of the types listed
// are allowed.
var members = map[string][]string{
	"fmt":          {"Sprintf", "Sprint", "Sprintln", "Errorf", "Appendf", "Append", "Appendln", "Stringer", "GoStringer"},
	"time":         {"Duration", "Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour", "ParseDuration"},
	"math/rand/v2": {"Rand"},
	"iter":         {"Seq", "Seq2"},
	Module + "/sim": {"Env", "NodeID", "NoNode", "Node", "Receiver", "Factory", "Timer", "Storage",
		"Save", "Load", "Size", "FormatMsg", "FormatTime"},
}

// refusedMembers are the names of allowed standard packages that node
// code may not use, and why: each hands node code memory that every node
// shares.
var refusedMembers = map[string]map[string]string{
	"fmt": {
		"State":     "a Formatter's State is fmt's printer, which fmt reuses for every node's Sprintf (implement String instead)",
		"Formatter": "its Format method is given fmt's printer, which fmt reuses for every node's Sprintf (implement String instead)",
	},
	"encoding/json": {
		"NewEncoder": "an Encoder hands its writer a buffer that encoding/json reuses for every node (use json.Marshal)",
	},
}

// why says, for packages that are not allowed, what they would give node
// code; other packages get the general reason.
var why = map[string]string{
	"unsafe":        "it breaks memory safety",
	"os":            "it reaches files, the environment and the process",
	"os/exec":       "it runs other programs",
	"syscall":       "it reaches the operating system",
	"runtime":       "it reaches the scheduler and the process",
	"reflect":       "it reads and writes memory past the type system",
	"testing":       "node code is not test code",
	"flag":          "it reads the command line",
	"log":           "it prints (use env.Logf)",
	"net":           "the simulator is the network",
	"plugin":        "it loads code at run time",
	"io/fs":         "it reaches files",
	"io":            "nodes do no I/O",
	"bufio":         "nodes do no I/O",
	"sync":          "handlers run one at a time: there is nothing to lock",
	"sync/atomic":   "handlers run one at a time: there is nothing to share",
	"context":       "handlers never block: there is nothing to cancel",
	"crypto/rand":   "it is a global random source (use env.Rand())",
	"math/rand":     "its top-level functions are a global random source (use env.Rand(), a *rand.Rand of math/rand/v2)",
	"hash/maphash":  "its seeds are random on every run",
	"encoding/gob":  "its type registry is package-level state every node shares",
	"regexp/syntax": "its programs share the package's tables with every regexp of the process (use regexp)",
	"C":             "cgo runs C code",
}

// importProblem returns what is wrong with importing path from the student
// package student, and the rule it breaks; "" if nothing.
func importProblem(student, path string) (rule, what string) {
	first, _, _ := strings.Cut(path, "/")
	switch {
	case path == "C":
		return RuleCgo, `import "C" (cgo)`
	case !strings.Contains(first, "."):
		if slices.Contains(allowedStd, path) {
			return "", ""
		}
		rule := RuleImport
		switch {
		case path == "sync" || strings.HasPrefix(path, "sync/"):
			rule = RuleConcurrency
		case path == "crypto/rand" || path == "math/rand":
			rule = RuleGlobalRand
		case path == "log" || strings.HasPrefix(path, "log/"):
			rule = RuleOutput
		}
		return rule, "import " + quote(path) + ": " + whyRefused(path)
	}
	for _, ok := range []string{Module + "/sim", Module + "/rpc", Module + "/" + student} {
		if path != ok && !strings.HasPrefix(path, ok+"/") {
			continue
		}
		for _, elem := range strings.Split(strings.TrimPrefix(path, ok), "/") {
			if elem == "testdata" || strings.HasPrefix(elem, "_") || strings.HasPrefix(elem, ".") {
				return RuleImport, "import " + quote(path) + ": directories named testdata or starting with _ or . hold no importable code"
			}
		}
		return "", ""
	}
	return RuleImport, "import " + quote(path) + ": student packages import only the allowed standard library, sim, rpc and their own sub-packages"
}

// whyRefused says what a refused standard package would give node code:
// its reason in why, or its parent's (runtime/debug: runtime's), or the
// general one.
func whyRefused(path string) string {
	for p := path; ; p = p[:strings.LastIndex(p, "/")] {
		if w := why[p]; w != "" {
			return w
		}
		if !strings.Contains(p, "/") {
			return "it is not on the allowlist of labs/README.md"
		}
	}
}

// allowedMember reports whether a package-level name of an allowed
// standard package may be used.
func allowedMember(pkg, name string) bool {
	m, ok := members[pkg]
	return !ok || slices.Contains(m, name)
}

func quote(s string) string { return `"` + s + `"` }
