// Package report is the grader's one model of labs and tests (Lab, Test:
// what package labs finds in a tree, then what a run records) and of a
// run's results (Report, Status: the one vocabulary of how tests and
// seeds end), and writes them in
// the formats classrooms use: text for people, JSON (the grader's own, and
// the input of merge), Gradescope's results.json, JUnit XML as gotestsum
// shapes it, and GitHub Classroom's autograding result.
//
// Scoring is all or nothing per test: a graded test scores its points
// when every one of its seeds passes, and 0 otherwise (a failing seed, a
// time limit, a crash of the test binary, a lab that does not build, a
// test that skips itself or never ran). A lab scores the sum of its tests,
// a part the sum of its tests in that part.
//
// With salted seeds a test lists only its first failing seed
// (Test.Withheld counts the others), since the seeds are the secret.
package report
