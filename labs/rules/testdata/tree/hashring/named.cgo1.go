package hashring

// A file named as cgo names its output, beside the package's own files:
// the student's, checked like any other.

var wall = map[string]int{} // want `^package-state: package-level var wall`
