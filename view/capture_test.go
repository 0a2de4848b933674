package view_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/view"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./view -run %s -update to write it", t.Name())
	assert.Equal(t, string(want), string(got), "the output changed; if on purpose, run go test ./view -update")
}

func TestTraceJSONGolden(t *testing.T) {
	tr, err := scenario(3)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, view.WriteJSON(&b, tr))
	golden(t, "gossip.json", b.Bytes())

	back, err := view.ReadJSON(&b)
	require.NoError(t, err)
	assert.Equal(t, tr, back, "the trace reads back as it was written")
}

func TestShiVizGolden(t *testing.T) {
	tr, err := scenario(3)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, view.WriteShiViz(&b, tr))
	golden(t, "gossip.shiviz", b.Bytes())
}

// TestPageRebuildsTheLines checks that the page's data rebuilds the -events
// line of every event of the run, so that it need not carry them.
func TestPageRebuildsTheLines(t *testing.T) {
	tr, err := scenario(3)
	require.NoError(t, err)
	assert.Zero(t, view.LinesKept(tr), "lines the page has to carry as they are")
}
