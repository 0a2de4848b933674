package kit

import (
	"fmt"

	"github.com/anishathalye/porcupine"
)

// KVOp is an operation on a key/value store.
type KVOp uint8

const (
	Get    KVOp = iota + 1 // read the value of a key ("" if never written)
	Put                    // replace the value of a key
	Append                 // append to the value of a key
)

func (o KVOp) String() string {
	switch o {
	case Get:
		return "Get"
	case Put:
		return "Put"
	case Append:
		return "Append"
	}
	return fmt.Sprintf("KVOp(%d)", uint8(o))
}

// KVInput is the input of a key/value operation.
type KVInput struct {
	Op    KVOp
	Key   string
	Value string // for Put and Append
}

// KVOutput is the output of a key/value operation.
type KVOutput struct {
	Value string // for Get
}

// KVModel is the sequential specification of a key/value store with Get,
// Put and Append, partitioned by key (each key is checked on its own,
// which keeps the check fast). Inputs are KVInput, outputs KVOutput, and
// the state of a key is its value.
var KVModel = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[string]int{}
		var parts [][]porcupine.Operation
		for _, op := range history {
			k := op.Input.(KVInput).Key
			i, ok := byKey[k]
			if !ok {
				i = len(parts)
				byKey[k] = i
				parts = append(parts, nil)
			}
			parts[i] = append(parts[i], op)
		}
		return parts
	},
	Init: func() any { return "" },
	Step: func(state, input, output any) (bool, any) {
		in := input.(KVInput)
		st := state.(string)
		switch in.Op {
		case Get:
			out, _ := output.(KVOutput)
			return out.Value == st, st
		case Put:
			return true, in.Value
		case Append:
			return true, st + in.Value
		}
		return false, st
	},
	Equal: func(a, b any) bool { return a.(string) == b.(string) },
	Hash: func(state any) uint64 {
		h := uint64(14695981039346656037)
		for _, c := range []byte(state.(string)) {
			h ^= uint64(c)
			h *= 1099511628211
		}
		return h
	},
	DescribeOperation: func(input, output any) string {
		in := input.(KVInput)
		switch in.Op {
		case Get:
			out, ok := output.(KVOutput)
			if !ok {
				return fmt.Sprintf("Get(%q) -> ?", in.Key)
			}
			return fmt.Sprintf("Get(%q) -> %q", in.Key, out.Value)
		case Put:
			return fmt.Sprintf("Put(%q, %q)", in.Key, in.Value)
		case Append:
			return fmt.Sprintf("Append(%q, %q)", in.Key, in.Value)
		}
		return in.Op.String()
	},
	DescribeState: func(state any) string { return fmt.Sprintf("%q", state) },
}

// kvKeepPending says which unfinished operations constrain a check: writes
// (they may have taken effect), not reads.
func kvKeepPending(input any) bool {
	in, ok := input.(KVInput)
	return ok && in.Op != Get
}
