// want-next `^build-constraint: //go:build line: student files are built under every configuration — every file of a student package must always be compiled`
//go:build race

package paxos

import "os" // want `^import: import "os"`

func exit() { os.Exit(0) }
