package hashring

import "strconv"

// board is a register every node of the process shares: a map kept in a
// standard library variable, where a server could leave its data for a
// client to read without a message.
type board map[string]string

func (board) Error() string { return "value out of range" }

func remember(key, value string) {
	b, ok := strconv.ErrRange.(board)
	if !ok {
		b = board{}
		strconv.ErrRange = b
	}
	b[key] = value
}

func recall(key string) (string, bool) {
	b, _ := strconv.ErrRange.(board)
	v, ok := b[key]
	return v, ok
}
