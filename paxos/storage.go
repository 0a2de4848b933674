package paxos

import (
	"encoding/json"
	"fmt"

	"github.com/distlab/distlab/sim"
)

// save stores v under key in st, encoded as JSON. The value is durable
// when save returns.
func save(st sim.Storage, key string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("paxos: saving %s: %v", key, err))
	}
	st.Put(key, data)
}

// load decodes the value stored under key into v and reports whether there
// was one.
func load(st sim.Storage, key string, v any) bool {
	data, ok := st.Get(key)
	if !ok {
		return false
	}
	if err := json.Unmarshal(data, v); err != nil {
		panic(fmt.Sprintf("paxos: loading %s: %v", key, err))
	}
	return true
}
