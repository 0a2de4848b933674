package paxos // want `^build-constraint: file name starting with _: go build never compiles it`

import _ "net" // want `^import: import "net"`
