package sim

import (
	"testing"
)

// benchMsg is a message with every kind of part the codec walks: numbers,
// a string, a slice of structs, a map, a pointer and an interface.
type benchMsg struct {
	Seq     int
	Key     string
	Entries []benchEntry
	Acks    map[string]int
	Prev    *benchEntry
	Body    any
}

type benchEntry struct {
	Term  int
	Value string
	Deps  []int
}

func newBenchMsg() *benchMsg {
	m := &benchMsg{Seq: 7, Key: "k", Acks: map[string]int{"a": 1, "b": 2, "c": 3},
		Prev: &benchEntry{Term: 1, Value: "x"}, Body: benchEntry{Term: 2, Value: "y", Deps: []int{1, 2}}}
	for i := range 8 {
		m.Entries = append(m.Entries, benchEntry{Term: i, Value: "v", Deps: []int{i, i + 1}})
	}
	return m
}

// BenchmarkCodec measures what a send of a message with references costs
// the codec: its hash and deep copy, its Size, and its trace line.
func BenchmarkCodec(b *testing.B) {
	m := newBenchMsg()
	b.Run("copy", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, _, err := copyMessage(m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("size", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			Size(m)
		}
	})
	b.Run("format", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			FormatMsg(m)
		}
	})
	b.Run("flat", func(b *testing.B) {
		v := benchEntry{Term: 3, Value: "z"}
		b.ReportAllocs()
		for range b.N {
			if _, _, err := copyMessage(v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
