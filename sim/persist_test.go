package sim_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/sim"
)

type acceptorState struct {
	Promised uint64
	Accepted []string
}

// mapStorage is a bare Storage for tests of what works on any Storage.
type mapStorage map[string][]byte

func (m mapStorage) Get(k string) ([]byte, bool) { v, ok := m[k]; return append([]byte(nil), v...), ok }
func (m mapStorage) Put(k string, v []byte)      { m[k] = append([]byte(nil), v...) }
func (m mapStorage) Delete(k string)             { delete(m, k) }
func (m mapStorage) Keys(string) []string        { return nil }

func TestSaveLoadRoundTrip(t *testing.T) {
	st := mapStorage{}
	var got acceptorState
	require.False(t, sim.Load(st, "acceptor", &got), "nothing saved yet")
	assert.Equal(t, acceptorState{}, got, "a missed Load leaves v alone")

	want := acceptorState{Promised: 7, Accepted: []string{"x", "y"}}
	sim.Save(st, "acceptor", want)
	want.Accepted[0] = "changed after Save"
	require.True(t, sim.Load(st, "acceptor", &got))
	assert.Equal(t, acceptorState{Promised: 7, Accepted: []string{"x", "y"}}, got)
}

func TestSavePanicsOnUnencodable(t *testing.T) {
	st := mapStorage{}
	assert.PanicsWithValue(t, `sim: Save "f": json: unsupported type: func()`, func() {
		sim.Save(st, "f", func() {})
	})
}

func TestLoadPanicsOnGarbage(t *testing.T) {
	st := mapStorage{}
	st.Put("term", []byte{0xff})
	var term uint64
	assert.Panics(t, func() { sim.Load(st, "term", &term) })
}

func ExampleSave() {
	st := mapStorage{}
	sim.Save(st, "term", uint64(3))
	var term uint64
	ok := sim.Load(st, "term", &term)
	fmt.Println(term, ok)
	// Output: 3 true
}
