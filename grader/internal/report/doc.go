// Package report holds the results of a grading run and writes them in
// the formats classrooms use: text for people, JSON (the grader's own, and
// the input of merge), Gradescope's results.json, JUnit XML as gotestsum
// shapes it, and GitHub Classroom's autograding result.
//
// Scoring is all or nothing per test: a graded test scores its points
// when every one of its seeds passes, and 0 otherwise (a failing seed, a
// time limit, a crash of the test binary, a lab that does not build, a
// test that skips itself or never ran). A lab scores the sum of its tests,
// a part the sum of its tests in that part.
package report
