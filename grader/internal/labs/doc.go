// Package labs finds the labs of a distlab tree and their graded tests,
// as report.Lab and report.Test: the model every part of the grader uses.
//
// A lab is a directory labs/<lab> (other than the packages labs/kit and
// labs/mutant) whose test files hold graded tests: test functions whose doc
// comments carry a points directive, and optionally a part:
//
//	// TestInitialElection: one leader within 10 election timeouts.
//	//
//	//lab:points 10
//	//lab:part A
//	func TestInitialElection(t *testing.T) {
//
// The directives are read from the source with go/parser, so the tests are
// the only list of what is graded. Tests in *_hidden_test.go files are
// instructor-only: graded, but left out of the student handout. A lab's
// student package is the root directory of the same name (labs/hashring
// tests the package in hashring/).
//
// The handouts give the order: the labs come as labs/README.md numbers
// them, and a lab's tests, within a part, as its README.md lists them in
// its tables (see Discover and Load).
package labs
