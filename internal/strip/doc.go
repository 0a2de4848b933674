// Package strip turns the reference tree into the student edition: it
// replaces every solution region of a Go file with its prompt.
//
// A solution region is marked in the source:
//
//	func (r *Ring) Owner(key string) (string, error) {
//		// BEGIN SOLUTION
//		// TODO: find the first point at or after the key's hash, wrapping
//		// around to the first point past the end.
//		// STUB: return "", errors.New("hashring: Owner is not implemented")
//		i := sort.Search(len(r.points), func(i int) bool { ... })
//		...
//		// END SOLUTION
//	}
//
// The prompt is the run of // comment lines right after "// BEGIN SOLUTION".
// In the student edition those lines stay, except that "// STUB: code"
// lines become code, and everything else up to "// END SOLUTION" is
// removed, markers included. The stubs make the student edition compile:
// a function returns zero values or a "not implemented" error, a type keeps
// the fields its exported methods need. Imports that only the solution used
// are removed afterwards, and imports the stubs need are added.
//
// Regions do not nest. A region may hold whole declarations (helpers,
// types); its prompt may then be TODO text alone.
package strip
