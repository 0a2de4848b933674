// Package sub is a sub-package: the rules apply to it too.
package sub

import "fmt"

func Hello() string { return fmt.Sprint("hello") }

func Shout() { fmt.Println("HELLO") } // want `^output: fmt.Println \(use env.Logf\)`
