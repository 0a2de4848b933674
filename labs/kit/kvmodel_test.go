package kit

import (
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/assert"
)

func op(client int, in KVInput, out KVOutput, call, ret int64) porcupine.Operation {
	return porcupine.Operation{ClientId: client, Input: in, Output: out, Call: call, Return: ret}
}

func TestKVModel(t *testing.T) {
	for name, tc := range map[string]struct {
		ops  []porcupine.Operation
		want bool
	}{
		"sequential put get": {[]porcupine.Operation{
			op(0, KVInput{Op: Put, Key: "x", Value: "1"}, KVOutput{}, 0, 1),
			op(1, KVInput{Op: Get, Key: "x"}, KVOutput{Value: "1"}, 2, 3),
		}, true},
		"stale read": {[]porcupine.Operation{
			op(0, KVInput{Op: Put, Key: "x", Value: "1"}, KVOutput{}, 0, 1),
			op(0, KVInput{Op: Put, Key: "x", Value: "2"}, KVOutput{}, 2, 3),
			op(1, KVInput{Op: Get, Key: "x"}, KVOutput{Value: "1"}, 4, 5),
		}, false},
		"concurrent read may see either": {[]porcupine.Operation{
			op(0, KVInput{Op: Put, Key: "x", Value: "1"}, KVOutput{}, 0, 10),
			op(1, KVInput{Op: Get, Key: "x"}, KVOutput{Value: ""}, 1, 2),
			op(2, KVInput{Op: Get, Key: "x"}, KVOutput{Value: "1"}, 3, 4),
		}, true},
		"appends accumulate": {[]porcupine.Operation{
			op(0, KVInput{Op: Append, Key: "x", Value: "a"}, KVOutput{}, 0, 1),
			op(0, KVInput{Op: Append, Key: "x", Value: "b"}, KVOutput{}, 2, 3),
			op(1, KVInput{Op: Get, Key: "x"}, KVOutput{Value: "ab"}, 4, 5),
		}, true},
		"an append applied twice": {[]porcupine.Operation{
			op(0, KVInput{Op: Append, Key: "x", Value: "a"}, KVOutput{}, 0, 1),
			op(1, KVInput{Op: Get, Key: "x"}, KVOutput{Value: "aa"}, 4, 5),
		}, false},
		"keys are independent": {[]porcupine.Operation{
			op(0, KVInput{Op: Put, Key: "x", Value: "1"}, KVOutput{}, 0, 1),
			op(1, KVInput{Op: Get, Key: "y"}, KVOutput{Value: ""}, 2, 3),
		}, true},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, porcupine.CheckOperations(KVModel, tc.ops))
		})
	}
}

func TestKVModelDescriptions(t *testing.T) {
	assert.Equal(t, `Get("k") -> "v"`, KVModel.DescribeOperation(KVInput{Op: Get, Key: "k"}, KVOutput{Value: "v"}))
	assert.Equal(t, `Put("k", "v")`, KVModel.DescribeOperation(KVInput{Op: Put, Key: "k", Value: "v"}, KVOutput{}))
	assert.Equal(t, `Append("k", "v")`, KVModel.DescribeOperation(KVInput{Op: Append, Key: "k", Value: "v"}, nil))
	assert.Equal(t, `"abc"`, KVModel.DescribeState("abc"))
	assert.Equal(t, KVModel.Hash("abc"), KVModel.Hash("abc"))
	assert.NotEqual(t, KVModel.Hash("abc"), KVModel.Hash("abd"))
}

func TestHistoryPendingOperations(t *testing.T) {
	var h History
	put := h.Call(0, KVInput{Op: Put, Key: "x", Value: "1"}, 0)
	h.Call(1, KVInput{Op: Get, Key: "x"}, time.Millisecond) // never returns
	get := h.Call(2, KVInput{Op: Get, Key: "x"}, 5*time.Millisecond)
	h.Return(get, KVOutput{Value: "1"}, 6*time.Millisecond)
	assert.Equal(t, 3, h.Len())
	assert.Equal(t, 1, h.Completed())

	ops := h.operations(kvKeepPending)
	assert.Len(t, ops, 2, "the read that never returned constrains nothing")
	assert.Equal(t, int64(6*time.Millisecond)+1, ops[put].Return, "an unfinished write may take effect any time after its call")
	assert.True(t, porcupine.CheckOperations(KVModel, ops))
}
