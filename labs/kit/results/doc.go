// Package results is the channel on which a lab's test binary reports the
// outcome of every seed to the grader: a file of JSON lines that only the
// kit writes, apart from the test binary's standard output.
//
// The grader runs a test binary with two flags of the kit,
//
//	-results FILE      append one Record per line to FILE
//	-seed-list A,B,C   run exactly these seeds (instead of 1..K)
//
// and, to learn each test's default number of seeds before it chooses
// them,
//
//	-list-sweeps       record each Sweep's default count and run no seed
//
// FILE is a fresh path in a directory of the grader's. Standard output,
// which student code can write to (fmt.Print, a panic, a forged "--- PASS"
// line), carries only text for people; the grade rests on this channel
// alone. A test passes only when the channel holds exactly one passing
// Record for each seed the grader asked for, and no other seed: a process
// that exits 0 without them has "results missing" and scores 0.
//
// Records are of three types:
//
//	{"type":"seed","test":"TestX","seed":"17","verdict":"pass","fingerprint":"4be1c2a9d0e3f567","events":5234,"virtual_ns":2500000000,"wall_ns":3000000,"replay":"go test ./labs/x -run '^TestX$/^seed=17$' -seed 17 -events"}
//	{"type":"sweep","test":"TestX","default_seeds":20}
//	{"type":"error","test":"TestX","message":"kit: -seeds 0: want at least 1"}
//
// A failing seed also carries its kind (INVARIANT, PANIC, HANG, LIMIT,
// NONDETERMINISM, MISUSE, LINEARIZABILITY, NOTRUN; a lab's own word in
// capitals such as LIVENESS or SAFETY; else FAIL), the first line
// of its failure, the whole failure message (bounded by MaxMessage) and,
// for a linearizability failure, the path of porcupine's page. Seeds are
// JSON strings: salted seeds exceed what many JSON tools hold exactly.
package results
