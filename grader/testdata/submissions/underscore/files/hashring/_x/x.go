// Package x is a directory the go command skips in ./... patterns, but
// builds when imported by path.
package x

import (
	"os"
	"strings"
)

// Salt returns what the process's environment and command line say about
// the salt.
func Salt() string {
	var found []string
	for _, kv := range append(os.Environ(), os.Args...) {
		if strings.Contains(strings.ToLower(kv), "salt") {
			found = append(found, kv)
		}
	}
	return strings.Join(found, " ")
}
