package paxos

import _ "unsafe" // want `^import: import "unsafe": it breaks memory safety`

// want-next `^directive: //go:linkname directive`
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64
