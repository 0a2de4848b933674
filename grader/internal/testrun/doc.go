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
// "TestX/seed=N". Run passes the test process its seeds, never the salt,
// in an environment without secrets (ChildEnv), and a fresh results
// channel file, on which the kit reports every seed (labs/kit/results):
// the outcome's seeds are what that channel says, and the test passes only
// if it accounts for exactly the seeds asked for (see Run). The test2json
// stream, which student code can write to, is read (Collect) only for what
// people read and for the progress display. List asks a lab's binary for
// each test's default number of seeds the same way.
//
// CheckRules runs the rules check of a submission's student package in a
// child process too, the grader binary run as its checker (RulesMain),
// under a build's limits: the check reads hostile code, and in the
// grader's process it would be under none.
//
// Reading the stream costs little next to running the tests. Measured with
//
//	go test ./grader/internal/testrun -run '^$' -bench . -benchtime 2s
//
// on a shared 2-core AMD EPYC machine under load, BenchmarkCollect read
// test2json output at 14 MB/s, 1.0x the cost of BenchmarkDecodeBaseline,
// which only decodes the same lines, in the same run: the stream is no
// longer mined for seeds and summaries.
package testrun
