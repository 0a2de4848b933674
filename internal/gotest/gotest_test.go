package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead(t *testing.T) {
	in := `{"Action":"run","Test":"TestA"}
go: downloading example.com/x v1.0.0
{"Action":"output","Test":"TestA","Output":"=== RUN   TestA\n"}
{not json

{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.25}
`
	var events []Event
	var other []string
	require.NoError(t, Read(strings.NewReader(in), func(e Event) { events = append(events, e) }, func(l []byte) { other = append(other, string(l)) }))
	require.Len(t, events, 3)
	assert.Equal(t, Event{Action: "pass", Package: "p", Test: "TestA", Elapsed: 0.25}, events[2])
	assert.Equal(t, []string{"go: downloading example.com/x v1.0.0", "{not json", ""}, other)
	assert.NoError(t, Read(strings.NewReader(in), nil, nil))
}

func TestRoot(t *testing.T) {
	root := t.TempDir()
	inner := filepath.Join(root, "a", "other")
	require.NoError(t, os.MkdirAll(filepath.Join(inner, "b"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(inner, "go.mod"), []byte("module example.com/other\n"), 0o644))

	got, err := Root(filepath.Join(inner, "b"), "")
	require.NoError(t, err)
	assert.Equal(t, inner, got, "the nearest go.mod")
	got, err = Root(filepath.Join(inner, "b"), "example.com/m")
	require.NoError(t, err)
	assert.Equal(t, root, got, "a go.mod of another module does not count")
	_, err = Root(t.TempDir(), "example.com/m")
	assert.ErrorContains(t, err, "gotest: ")
	assert.ErrorContains(t, err, "is not inside the module example.com/m")
}
