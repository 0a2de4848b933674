// Command grader runs, replays, grades and hands out the distlab labs.
//
// Students and instructors run it from anywhere inside the repository:
//
//	go run ./grader list                 # labs, parts, graded tests, points
//	go run ./grader test [LAB[/PART]...] # run and score the graded tests
//	go run ./grader replay LAB TEST --seed N [--nodes a,b] [--kinds send,deliver]
//	go run ./grader grade SUBMISSION_DIR [--format F] [-o FILE] [--salt S | --public-seeds]
//	go run ./grader merge SHARD.json...  # combine the results of --shard runs
//	go run ./grader handout -o DIR       # the student edition, checked
//	go run ./grader mutants [LAB...]     # which tests catch each mutant
//	go run ./grader check [DIR]          # the rules of student code (labs/rules)
//
// # What is graded
//
// A lab is a directory labs/<lab> whose tests carry //lab:points N (and
// optionally //lab:part NAME) in their doc comments; the grader reads the
// directives with go/parser, so the test files are the only list. A graded
// test scores its points when every one of its seeds passes, and 0
// otherwise: a failing seed, a time or memory limit, a crash, a build
// error, a test that skips itself all score 0.
//
// # How tests run
//
// A lab's test binary is built once; each top-level test then runs in a
// child process of its own (through go tool test2json) with a wall time
// limit (--timeout, default 3m) and a memory limit (--memory, default
// 2GiB), while the kit runs its seeds in parallel on every core. A panic,
// an infinite loop, runaway memory, os.Exit or a compile error in student
// code ends that child, or that lab, never the grader: the test scores 0
// with the reason and the other tests still run. The grader passes each
// test process its seeds (never the salt), and the kit reports every seed
// on a results channel of its own (a file, apart from standard output): a
// test passes only when every seed asked for reports a pass there, so what
// student code prints counts for nothing ("results missing"). Every
// failing seed is reported with what broke and the command that replays
// it, all read from that channel.
//
// # Grading
//
// grade assembles a scratch tree from the official tree (everything
// staff-owned) and only the student packages of the submission, so
// edited tests count for nothing; checks the rules of student code
// (package labs/rules: allowed imports, no goroutines, wall clock, global
// randomness, output, package state, directives, assembly or map-order
// decisions) in its own process, scoring 0 a lab that breaks one; and
// runs every lab with seeds derived from a secret salt (DISTLAB_SALT or
// --salt; grading without one needs --public-seeds). Students see the
// first failing seed of each test, not the salted seed set, and never the
// output of tests that passed. Results are written as tests finish, in text, JSON,
// Gradescope's results.json, JUnit XML or GitHub Classroom's format, and
// are still written when grading is interrupted.
//
// --shard K/N on test and grade runs the K-th of N deterministic parts of
// the selected tests; merge puts the JSON results of all N back together.
//
// See grader/README.md for the instructor's workflow, Gradescope and
// GitHub Classroom.
package main
