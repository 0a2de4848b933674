// Package rules checks the rules that student code must follow: a
// go/analysis checker of the student packages (hashring, election, paxos
// and every package, file and directory below them).
//
// Three ways to run it, with the same results:
//
//	go run ./grader check [DIR]        # a submission, a handout, or this tree
//	go test ./labs/hashring            # each lab's TestMain checks first (kit.Main)
//	go build -o /tmp/distlab-vet ./labs/rules/cmd/distlab-vet
//	go vet -vettool=/tmp/distlab-vet ./election/...
//
// Grading checks the rules in the grader's own process before it runs a
// lab, and scores 0 every lab whose student package breaks one. Each
// violation is reported as go vet reports one:
//
//	hashring/ring.go:12:2: import: import "os": it reaches files, the environment and the process — node code runs inside ...
//
// that is file:line:col: rule: what is wrong — why the rule exists.
//
// # The rules
//
// import: student code imports only this standard library: bytes, cmp,
// errors, fmt (formatting only), iter, maps, slices, sort, strconv,
// strings, time (Duration only), unicode, unicode/utf8, unicode/utf16,
// container/heap, container/list, container/ring, math, math/big,
// math/bits, math/cmplx, math/rand/v2 (the *rand.Rand of env.Rand only),
// encoding, encoding/ascii85, base32, base64, binary, csv, hex, json, pem
// and xml, hash, hash/adler32, crc32, crc64 and fnv, and regexp; plus
// sim, rpc and the student package's own sub-packages (not those in
// directories named testdata or starting with _ or ., which hold no
// importable code). Everything else is refused: unsafe, os, syscall,
// runtime and runtime/*, reflect, testing, flag, log, net, os/exec,
// plugin, io, io/fs, bufio, context, encoding/gob (its type registry is
// package-level state), hash/maphash (random seeds), regexp/syntax (its
// programs share the package's tables), another student package, any
// other module. Of fmt, only Sprintf, Sprint, Sprintln, Errorf, Append,
// Appendf, Appendln and the Stringer and GoStringer types (not Formatter
// or State: the State a Format method is given is fmt's printer, which fmt
// reuses for every caller); of encoding/json, everything but NewEncoder
// (an Encoder hands its writer a buffer that encoding/json reuses for
// every caller); of time, only Duration, its units and ParseDuration; of
// math/rand/v2, only the Rand type and its methods; of sim, only what a
// node needs: Env, NodeID, NoNode, Node, Receiver, Factory, Timer,
// Storage, Save, Load, Size, FormatMsg and FormatTime (not World, Within,
// Stuck, Hooks, HooksOf, Explore...: they run worlds, goroutines and the
// wall clock).
//
// The rule holds for values too, however they are reached: no expression
// of node code has a type declared in a package it may not import, or one
// of the parts of fmt, time and sim it may not use, or a type built of
// one (a pointer, slice, map, func or tuple of results), and no
// instantiation of a generic function or type has such a type argument,
// written or inferred (Go infers E from a constraint's core type: with S
// ~struct{ Value E; Str string }, a json.UnsupportedValueError argument
// makes E a reflect.Value that is the type of no expression). Allowed packages
// hand such values out: json.UnsupportedValueError's Value is a
// reflect.Value, rpc.MethodTypes returns reflect.Types, a func of
// (*big.Int).Format's type takes a fmt.State (which a generic can infer),
// and pem.Encode, xml.EscapeText, json.NewDecoder and bytes.Buffer's
// WriteTo take an io.Writer or io.Reader, which hands the caller's writer
// the package's own byte slices. The check looks at what a named type is,
// not at what it is made of: a json.Decoder holds a reflect.Type, which
// node code never sees.
//
// concurrency: no go statements, channel types, sends, receives, ranges
// over channels or select; no sync or sync/atomic; no iter.Pull or Pull2,
// which run a sequence on a coroutine of its own.
//
// wall-clock: no time.Now, Since, Until, Sleep, After, AfterFunc, Tick,
// NewTimer or NewTicker, called or used as values. Use env.Now and
// env.After.
//
// global-rand: no math/rand, no crypto/rand, no top-level function of
// math/rand/v2 (rand.IntN, rand.New, rand.NewPCG...). Use env.Rand().
//
// output: no fmt.Print*, fmt.Fprint* (to anything), print or println, no
// log. Use env.Logf.
//
// package-state: no package-level var, but sentinel errors (var ErrX =
// errors.New("constant"), of type error, never assigned and never
// addressed) and blank declarations that run no code (var _ I = (*T)(nil),
// var _ = T{}). No func init. Tables belong in constants or in functions
// that build them. Other packages' package-level variables (of the
// standard library, sim, rpc and the package's sub-packages) are shared
// by every node too: node code never assigns to one or to a part of it,
// never takes its address (nor calls a pointer method on one that is not
// a pointer), and reads as a value only those of type error and those
// whose type holds no references (no pointers, slices, maps, funcs,
// channels or interfaces: binary.LittleEndian). The others it uses only
// as the receiver of a method (base64.StdEncoding.EncodeToString) or as an
// argument to a function of their own package (unicode.Is(unicode.Upper,
// r)). The tables that crc32.MakeTable and crc64.MakeTable return are
// shared the same way (MakeTable(crc32.Castagnoli) returns one table to
// every caller) and follow the same rule: crc32.Checksum(b,
// crc32.MakeTable(crc32.Castagnoli)). The rule trusts the standard
// library's error variables to be what errors.New returns, and its
// functions to only read the variables of their package they are given.
//
// map-order: a loop over a map (or over maps.Keys, maps.Values or maps.All)
// does only what gives the same result in every order; maps.Keys and
// friends are otherwise allowed only inside slices.Sorted,
// slices.SortedFunc, slices.SortedStableFunc, maps.Collect and
// maps.Insert. See below.
//
// directive: no //go: directive of any kind (linkname, embed, noinline,
// nosplit, generate, ...) and no //line or /*line directive: none is
// needed by node code, and each reaches past the language or past the
// rules (a line directive rewrites the positions that errors and this
// checker report).
//
// build-constraint: no //go:build or // +build line and no GOOS or GOARCH
// file-name suffix (_linux.go, _amd64.go), and no .go file whose name
// starts with _ or . (go build never compiles it): every file is compiled
// under every configuration, so every file is type-checked here.
//
// non-go-file: no assembly (.s, .S, .sx), C or C++ (.c, .h, .cc, .cpp,
// ...), Fortran, SWIG or object (.syso) files. Other files (data under
// testdata, notes) are fine.
//
// cgo: no import "C".
//
// type-check: the package parses and type-checks. The rules judge code
// by its syntax and types, so a package the checker cannot read gets
// only the checks that need neither (imports, directives, file names)
// and this violation, at its first error: code that does not compile,
// and code that go/parser refuses but gc builds (an expression nested
// past the parser's depth limit). Grading builds a lab whose only
// violations are of this rule, so that a student sees the compiler's
// message; one that builds scores 0 all the same.
//
// # The map-order rule
//
// Go randomizes the order of a range over a map on every run, so a node
// that sends, picks, appends or returns in map order does something
// different each time and its seed no longer replays. A loop over a map
// passes when its body uses only these forms, each of which gives the same
// result in every order:
//
//   - declarations and assignments of the loop's own variables (declared
//     in its body, or its key and value);
//   - counting and summing into integers: n++, n--, n += e, n -= e, n *= e,
//     n |= e, n &= e, n ^= e, also on map elements (hist[v]++);
//   - min and max: m = max(m, e), m = min(e, m);
//   - writing a constant: found = true;
//   - writing the entry's own key of a map: dst[k] = v, dst[k] = max(dst[k], v)
//     with k the loop's key;
//   - delete(m, e), and Delete on the node's sim.Storage;
//   - appending to a slice that the statements right after the loop sort
//     (slices.Sort, slices.SortFunc, slices.SortStableFunc, sort.Strings,
//     sort.Ints, sort.Float64s, sort.Slice, sort.SliceStable, sort.Sort,
//     sort.Stable);
//   - if, switch, nested loops, continue, and break or return of
//     constants when the only things the loop writes outside itself are
//     constants written just before (any/all: return false, or
//     found = true; break);
//   - calls, in any of these, of functions without effects (below).
//
// And no expression of the loop reads what the loop writes outside
// itself, but for the written expression itself (m in m = max(m, e)).
//
// Passes:
//
//	for _, ok := range n.votes { if ok { count++ } }
//	for k, v := range from { n.data[k] = max(n.data[k], v) }
//	for k, v := range n.data { if v < floor { delete(n.data, k) } }
//	for _, v := range n.data { if v <= 0 { return false } }; return true
//	for k := range n.data { keys = append(keys, k) }; slices.Sort(keys)
//	for _, id := range slices.Sorted(maps.Keys(n.peers)) { n.env.Send(id, m) }
//
// Fails:
//
//	for id := range n.peers { n.env.Send(id, m) }          // sends in map order
//	for id, ok := range n.votes { if ok { n.leader = id } } // the last one wins
//	for id := range n.votes { return id }                  // the first one wins
//	for k := range n.data { keys = append(keys, k) }; return keys
//	for k, v := range n.data { inv[v] = k }                // values collide
//	for k := range n.data { if c < 3 { pick[k] = true; c++ } } // the first three
//	for _, w := range weights { total += w }               // floats: rounding
//	for k := range n.data { n.env.Logf("%s", k) }          // the trace's order
//
// A function has effects when it writes memory it did not declare itself
// (through its receiver, a pointer, map or slice parameter, or package
// state), sends, arms timers, writes storage, draws random numbers, or
// calls a function with effects. The checker decides this for the
// package's own functions, transitively; methods of sim.Env (ID, Name,
// Incarnation, Now, Rand, Storage, Value) and sim.Storage (Get, Keys) that
// only read, error.Error, String, value methods and the functions of the
// standard library have none, but for those that write through an
// argument (slices.Sort, maps.Copy, heap.Push, json.Unmarshal, ...) and
// pointer methods on memory the loop did not declare ((*rand.Rand).IntN).
// What the standard library calls back counts too: a standard function
// handed a func calls it (slices.ContainsFunc(s, n.note) has n.note's
// effects; a func value the checker cannot see into, such as a parameter,
// counts as having some), and fmt, errors, encoding/json, encoding/xml,
// sort and container/heap call the methods they look for (String, Error,
// GoString, Is, As, Unwrap, MarshalJSON, MarshalText, UnmarshalJSON, ...,
// Len, Less, Swap, Push, Pop) on the package's values they are handed, or
// on any of the package's types when handed an interface:
// fmt.Sprint(v) has the effects of v's String method, and so has
// error.Error or String called on an interface the package's values may
// fill. Functions of other packages (sim, rpc, a sub-package) count as having
// effects. A variable the loop declares that may point outside it (of a
// type with pointers, maps or slices, given anything but fresh memory:
// p := &last, d := n.data) is treated as the entry's own: the loop may
// assign it, not write through it. maps.DeleteFunc and maps.EqualFunc call
// their func in map order: it may only read (a func literal or a function
// of the package without effects). The rule trusts one thing it cannot
// see: a call through a func value that returns results is taken to have
// no effects.
//
// The rule's work is bounded: each loop over a map walks its body, and
// every loop over a map around it walks it again, so code nested without
// bound (loops over maps, func literals and expressions within each
// other, thousands deep) would cost the square of its size, hours of the
// grader's own time before any time limit applies. Past 64 times the
// package's source, the checker gives up with a map-order violation where
// it stopped. Honest code, whose loops nest a few deep, walks each byte a
// few times.
//
// # What the rules cover
//
// Every file of a student package: the checker type-checks, from source
// and compiling none of them, the packages go list finds under each
// student directory and, for the files the build leaves out (other
// configurations, other languages) and the directories ./... skips
// (testdata, _x, .x), checks every file it can without types: imports,
// directives, build constraints, file kinds. As build constraints are
// refused outright, a package that passes has every file compiled and
// type-checked. Check builds without cgo, so every file of a student
// package is its author's, whatever its name: one named as cgo names its
// output (x.cgo1.go) is checked like any other. Under go vet with cgo,
// the analyzer leaves out only cgo's own output, in the go command's work
// directory (see cgoOutput), and the scan reports the import "C".
//
// Test files (_test.go) of student packages are skipped: they never reach
// grading, which runs the lab tests of labs/ against the student packages.
//
// Code that runs when a package is initialized (a package-level var's
// initializer, which the package-state rule refuses) runs before a lab's
// TestMain: go test shows its output before the violations. Grading never
// runs it, since it checks the rules before it builds.
//
// go vet caches its results by the files it compiles: after changing only
// a file the build leaves out, go vet -vettool may show the old result;
// grader check and the lab tests always read every file.
package rules
