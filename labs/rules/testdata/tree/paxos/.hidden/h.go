package h

import _ "syscall" // want `^import: import "syscall"`
