package sim

import (
	"encoding/json"
	"fmt"
)

// Save stores v under key in s, encoded as JSON. Like Put, it is durable
// when it returns: save what a message promises before sending it.
//
// It is the one way the labs persist state. v must encode as JSON
// (exported fields); a value that cannot is a bug in the node, and Save
// panics naming the key.
func Save(s Storage, key string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sim: Save %q: %v", key, err))
	}
	s.Put(key, data)
}

// Load decodes the value Save stored under key into v, which must be a
// pointer, and reports whether there was one. With nothing stored, v is
// left as it was: a node that never saved starts from its zero state.
func Load(s Storage, key string, v any) bool {
	data, ok := s.Get(key)
	if !ok {
		return false
	}
	if err := json.Unmarshal(data, v); err != nil {
		panic(fmt.Sprintf("sim: Load %q: %v", key, err))
	}
	return true
}
