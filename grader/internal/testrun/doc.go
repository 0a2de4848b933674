// Package testrun runs graded lab tests in child processes and reads
// their results.
//
// A lab's test binary is built once (go test -c); then each top-level test
// runs in its own child process, through go tool test2json, with a wall
// time limit. A panic, a hang, os.Exit or a runaway allocation in student
// code ends that child only: the grader records what happened and moves
// on to the next test. A test that outlives its limit is stopped (by its
// own -test.timeout, else by killing its whole process group on Unix) and
// reported as timed out, with the seeds that were still running.
//
// The lab tests use labs/kit, which runs every seed as a subtest
// "TestX/seed=N" and logs one summary line per seed with -v:
//
//	seed=17 fingerprint=4be1c2a9d0e3f567 events=5234 virtual=2.500000s wall=3ms speed=833x
//
// Collect turns the test2json stream into an Outcome: the test's status,
// each seed's status and output (framing removed), and the virtual time
// the seeds simulated.
//
// Reading the stream costs little next to running the tests. Measured with
//
//	go test ./grader/internal/testrun -run '^$' -bench . -benchtime 2s
//
// on a shared 2-core AMD EPYC machine, BenchmarkCollect read 48 MB/s of
// test2json output (about 2µs per event), 1.4x the cost of
// BenchmarkDecodeBaseline, which only decodes the same lines, in the same
// run.
package testrun
