package t

import _ "net" // want `^import: import "net"`
