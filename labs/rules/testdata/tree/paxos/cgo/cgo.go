package cgo

import "C" // want `^cgo: import "C" \(cgo\) — cgo runs C code outside the simulator`
