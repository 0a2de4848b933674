// +build ignore // want `^build-constraint: // \+build line`

package paxos

import _ "reflect" // want `^import: import "reflect"`
