package live_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/sim"
)

// counter counts its boots in its storage, with sim.Save and sim.Load.
type counter struct{ Boots int }

func (c *counter) Start(env sim.Env) {
	sim.Load(env.Storage(), "boots", &c.Boots)
	c.Boots++
	sim.Save(env.Storage(), "boots", c.Boots)
}

func TestStorageSurvivesRestart(t *testing.T) {
	c := newCluster(t, 1)
	var inst *counter
	factory := func() sim.Node { inst = &counter{}; return inst }

	n := c.start(0, factory)
	require.NoError(t, n.Do(func(env sim.Env) {
		st := env.Storage()
		st.Put("b/2", []byte("two"))
		st.Put("a", []byte("one"))
		st.Put("b/1", []byte{})
		st.Put("gone", []byte("x"))
		st.Delete("gone")
		v := []byte("kept")
		st.Put("c", v)
		v[0] = 'X' // Put copied it
		assert.Equal(t, uint64(1), env.Incarnation())
	}))
	c.stop(0)

	n = c.start(0, factory)
	require.NoError(t, n.Do(func(env sim.Env) {
		st := env.Storage()
		assert.Equal(t, uint64(2), env.Incarnation())
		assert.Equal(t, 2, inst.Boots, "the node saw its first boot's count")

		v, ok := st.Get("a")
		assert.True(t, ok)
		assert.Equal(t, []byte("one"), v)
		v, ok = st.Get("b/1")
		assert.True(t, ok, "an empty value is stored")
		assert.Empty(t, v)
		v, ok = st.Get("c")
		assert.True(t, ok)
		assert.Equal(t, []byte("kept"), v)
		_, ok = st.Get("gone")
		assert.False(t, ok)
		_, ok = st.Get("missing")
		assert.False(t, ok)

		assert.Equal(t, []string{"b/1", "b/2"}, st.Keys("b/"))
		assert.Equal(t, []string{"a", "b/1", "b/2", "boots", "c"}, st.Keys(""))
		assert.Empty(t, st.Keys("z"))
	}))
}

func TestTwoNodesCannotShareADir(t *testing.T) {
	c := newCluster(t, 2)
	c.start(0, func() sim.Node { return idle{} })
	cfg := c.config(1, func() sim.Node { return idle{} })
	cfg.Dir = c.dirs[0]
	_, err := live.Start(t.Context(), cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "live: open storage")
}
