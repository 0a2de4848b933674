// Package mutant proves that a lab's tests catch bugs, and catch them
// often enough. A mutant is a realistic bug, written as exact-text edits
// to the reference solution; the package compiles the lab's tests with the
// mutant applied and runs them, and they must fail.
//
// Mutants live beside the lab's tests, one file each, in
// labs/<lab>/testdata/mutants/<name>.mutant:
//
//	# Lookup does not wrap around: keys after the last point have no owner.
//	#
//	# Further comment lines explain the bug to whoever reads the file.
//	# Caught by TestWrapAround.
//	=== hashring/ring.go
//	<<<
//		if i == len(r.points) {
//			i = 0
//		}
//	---
//		if i == len(r.points) {
//			i--
//		}
//	>>>
//
// Lines starting with '#' before the first "===" describe the mutant; the
// first is its summary. Each "=== path" names a Go file (relative to the
// module root) and is followed by one or more edits: the text between
// "<<<" and "---" must occur exactly once in the file, and is replaced by
// the text between "---" and ">>>". An edit that no longer matches (the
// reference changed) is an error, so mutants cannot silently go stale.
// Test names in the description matter: TestMutantsAreCaught runs the
// tests it names first (see below).
//
// Bugs the suite is known to miss live below that, in
// labs/<lab>/testdata/mutants/survivors, in the same format, each with
// why it survives in its description: Load reads only the mutants
// directory itself, so no check runs them (nor keeps their edits in step
// with the reference); they are the list of what a test could still
// catch. Like every mutant, they stay out of the handout.
//
// # How a mutant runs
//
// Build writes the patched files to a scratch directory and compiles the
// lab's test binary with go test -overlay, which makes the go command read
// them in place of the originals. Nothing is copied, and the build cache
// keeps every package the mutant does not touch: a mutant costs one
// compile of the student package and the lab's tests, and a link (about a
// second of CPU). go vet is off for mutants. The binary then runs through
// test2json, as many times as needed, with the garbage collector's GOGC at
// 200 unless the environment sets it (a seventh less CPU, and no outcome
// changes), and the results count each test's seed subtests (TestX/seed=N,
// see labs/kit) and how many of them failed.
//
// # One build for many mutants
//
// Most mutants change only the bodies of functions. TestMutantsAreCaught
// and grader mutants compile all of those of a lab into one test binary, a
// Schema: each changed function starts with a switch on the mutant
// chosen, whose case calls a copy of the function as that mutant leaves
// it, and the binary reads its choice from the environment (SchemaEnv)
// when it starts. With mutant N chosen, every function N changes runs N's
// body and every other function runs the reference's, so a run computes
// what a binary built with N alone computes; the only difference is one
// more call per call of a changed function. TestSchemaRunsEachMutantAsItsOwnBuild
// checks that on every shape of function the switch handles. A mutant
// may also add imports, which the schema adds to the file for its copies,
// and unexported fields to a struct type (a cache, a count kept across
// calls), which the schema adds to the struct for every mutant: only the
// copies of the mutants that add a field name it, and a field that is not
// exported is in no encoding of the struct. Two mutants that add the same
// field share it; one that adds a field of the same name and another type
// is built alone. So is one that changes anything else (a type otherwise,
// a package variable, a signature), as above: none of the labs' 214
// mutants is.
//
// For the labs' own mutants, go test ./labs/mutant -run
// TestLabSchemasMatchBuildsAlone -schema-check runs each one the schema
// holds both ways, on the tests its description names, and requires the
// same failures; it builds every mutant, so it is behind the flag.
//
// The labs' mutants caught the same way, test by test and seed by seed,
// with one schema binary per lab as with one binary per mutant: the
// verbose output of TestMutantsAreCaught in both trees is the same, line
// for line. Measured one after the other in the same session
// (go test -count=1 -run TestMutantsAreCaught ./labs/L, warm build cache,
// CPU seconds user+system), a binary per mutant against the schema:
// election (35 mutants) 50.6 and 12.1 (0.24), paxos (46) 129.2 and 56.9
// (0.44), hashring (40) 121.4 and 62.2 (0.51). What is left is the runs
// themselves, most of it hashring's store tests.
//
// # How often grading misses it
//
// Grading runs each graded test (one with a //lab:points directive) on
// seeds derived from a secret salt, and a mutant escapes only if every
// graded test passes every one of its grading seeds. Escape bounds that
// chance from the seeds run, at 95% confidence: per graded sweep t, with
// k_t of its seeds (after the first) failing out of n_t-1, and G_t grading
// seeds,
//
//	miss <= Π_t (1-p_t)^(G_t-1) · min(Π_t (1-p_t), (1-q)^T)
//
// where p_t is the one-sided Clopper-Pearson lower bound on the test's
// per-seed catch chance from k_t of n_t-1, and q the same bound on the
// chance that a test's first seed catches it, from how many of the T
// graded sweeps that ran failed on their first seed. The first seed is
// apart because the kit runs it twice and compares the runs: a
// nondeterministic mutant can fail there and nowhere else, under every
// salt. The bounds are Bonferroni-corrected (each at 1 - 0.05/c for the c
// of them in use), and a graded test that fails and is not a sweep makes
// the bound 0: no salt changes its outcome. See Escape for the details.
//
// A bound needs enough seeds: a test that fails all 3 of its 3 seeds
// bounds the escape chance of 3 grading seeds by about 60%, not 0. So when
// the bound is above MaxEscape (1%) and a test that caught the mutant
// failed on seeds other than the first (or has only one), Measure runs it
// once more with more seeds (at least 3 times as many, up to 1000); its
// grading count stays as it was. TestMutantsAreCaught does so right after
// the test, if at the rate it failed the larger count would be enough;
// otherwise, and in grader mutants, the tests that caught it run again
// together at the end.
//
// # TestMutantsAreCaught and grader mutants
//
// Each lab calls CheckLab from TestMutantsAreCaught. It fails a mutant
// that no graded test catches, or whose escape bound is above MaxEscape,
// with the tests, their seed counts and the bound. It runs the graded
// tests one at a time, those the mutant's description names first, and
// stops as soon as the bound is under 1%: most mutants cost one test run.
// A test the description names runs, that first time, with as many seeds
// as it takes to settle the bound if every one of them fails, and at least
// 10 (or its grading count, which the binary lists with the kit's
// -list-sweeps, if that is fewer): 9 seeds for a test graded on 5, rather
// than 5 and then 17 more; 10 for a test graded on 60, which settle it if
// half of them fail. If they do not, it runs again on its grading count,
// as a test the description does not name does.
// A call of student code still running after 3s of wall time counts as a
// hang (Plan.HangBound, the kit's -handler-timeout), not after the
// simulator's 10s: a mutant that loops forever fails its seed as surely,
// and a hashring mutant whose bounded assignment never ends cost 10s of
// wall and 21s of CPU to check, where it now costs about 3s and 2s.
// go run ./grader mutants measures the same way but runs every test (no
// early stop), and prints each test's failing seeds and the bound, for
// the default grading seeds or --grade-seeds.
//
// Measured on 2 shared cores (load 10-28), the election lab's 13 mutants
// took 48 s of CPU (130 s wall) when each mutant copied the module and ran
// go test -failfast in the copy, and 17 s of CPU (47 s wall) built through
// an overlay, running tests one at a time. With 28, 34 and 24 mutants, a
// cold go test of each lab (GOCACHE empty) took, in CPU seconds, before
// and after named tests ran first on the seeds that settle the bound and
// builds left out debug information: hashring 201 and 141 (0.70), paxos
// 115 and 110 (0.96), election 116 and 105 (0.91), measured one after
// the other under load 20-45. A build is most of what a paxos or election
// mutant costs (about 1.5 s of CPU: the student package, the lab's tests
// and a link); a hashring mutant's run of TestStoreCrashAtWorstMoment
// costs more.
package mutant
