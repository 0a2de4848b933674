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
// A graded test is a lab test whose doc comment carries //lab:points N
// (read with go/parser: the test files are the only list). It scores its
// points when every one of its seeds passes, and 0 otherwise. Each
// top-level test runs in a child process of its own, with a wall time and
// a memory limit, in an environment without secrets (and with grade
// --user, as an unprivileged user); a panic, a hang or runaway memory in
// student code ends that child, never the grader. The test process gets
// its seeds, never the salt, and passes only when the kit's results
// channel (a file apart from standard output) reports a pass for every
// seed asked for, so what student code prints counts for nothing.
//
// grade assembles a scratch tree from the official tree and only the
// student packages of the submission, checks the rules of student code in
// its own process, runs every lab on seeds derived from a secret salt, and
// writes text, JSON, Gradescope, JUnit or GitHub Classroom results as
// tests finish, even when grading is interrupted.
//
// grader/README.md describes every command, the formats, Gradescope and
// GitHub Classroom; go run ./grader help COMMAND describes one command.
package main
