// Package gotest reads what the go command says about tests and modules,
// for the grader and the mutant runner alike: the events of go test -json
// (go doc test2json), and the root of the module around a directory.
package gotest
