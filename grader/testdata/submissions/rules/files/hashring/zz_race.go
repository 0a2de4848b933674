//go:build race

package hashring

import _ "unsafe"
