// Package x sits in a directory go's patterns skip; a path import builds it.
package x

import "os" // want `^import: import "os"`

func Exit() { os.Exit(0) }
