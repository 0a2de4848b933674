//go:build ignore
// +build ignore

package paxos

// want-at 1 `^build-constraint: //go:build line`
// want-at 2 `^build-constraint: // \+build line`

import _ "reflect" // want `^import: import "reflect"`
