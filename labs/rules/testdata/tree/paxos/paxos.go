// Package paxos checks the rules that look at files: tags, directives,
// directories and other languages.
package paxos

import "github.com/distlab/distlab/sim"

func Start(env sim.Env) {}

// want-next `^directive: //go:noinline directive — compiler directives reach past the language`
//
//go:noinline
func slow() {}

// want-next `^directive: //go:generate directive`
//go:generate echo hi

// want-next `^directive: line directive`
//
//line elsewhere.go:1
func moved() {}
