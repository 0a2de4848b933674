package hashring_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/distlab/distlab/hashring"
	"github.com/distlab/distlab/sim"
)

// Traces print an operation's kind by its name, not its number.
func TestOpKindsPrintByName(t *testing.T) {
	for kind, want := range map[hashring.OpKind]string{hashring.OpGet: "Get", hashring.OpPut: "Put", hashring.OpAppend: "Append", 9: "OpKind(9)"} {
		assert.Equal(t, want, kind.String())
	}
	assert.Equal(t, "hashring.OpArgs{Kind:Put Key:k Value:v Seq:2}",
		sim.FormatMsg(hashring.OpArgs{Kind: hashring.OpPut, Key: "k", Value: "v", Seq: 2}))
}
