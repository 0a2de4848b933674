package hashring

// broken does not compile: the student forgot to finish it.
func broken() int {
	return "not an int"
}
