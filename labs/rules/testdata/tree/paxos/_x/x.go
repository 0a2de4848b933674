package x

import (
	"fmt"
	"os" // want `^import: import "os"`
)

// want-next `^directive: //go:linkname directive`
//
//go:linkname f runtime.f
func Print() { fmt.Fprintln(os.Stdout, "PASS") }
