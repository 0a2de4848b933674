package hashring

import _ "unsafe" // for go:linkname

// nanotime reads the wall clock, past the rules, from inside the runtime.
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64

// Started is when the package was loaded, in wall-clock nanoseconds.
func Started() int64 { return nanotime() }
