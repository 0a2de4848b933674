// Package mutant proves that a lab's tests catch bugs. A mutant is a
// realistic bug, written as exact-text edits to the reference solution; the
// package applies it to a scratch copy of the module and runs the lab's
// tests there, which must fail.
//
// Mutants live beside the lab's tests, one file each, in
// labs/<lab>/testdata/mutants/<name>.mutant:
//
//	# Lookup does not wrap around: keys after the last point have no owner.
//	#
//	# Further comment lines explain the bug to whoever reads the file.
//	=== hashring/ring.go
//	<<<
//		if i == len(r.points) {
//			i = 0
//		}
//	---
//		if i == len(r.points) {
//			i--
//		}
//	>>>
//
// Lines starting with '#' before the first "===" describe the mutant; the
// first is its summary. Each "=== path" names a file (relative to the module
// root) and is followed by one or more edits: the text between "<<<" and
// "---" must occur exactly once in the file, and is replaced by the text
// between "---" and ">>>". An edit that no longer matches (the reference
// changed) is an error, so mutants cannot silently go stale.
package mutant
