package strip

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSourceReplacesRegionsWithPrompts(t *testing.T) {
	src := `package ring

import (
	"errors"
	"sort"
)

// Owner returns the owner of key.
func Owner(points []int, key int) (int, error) {
	// BEGIN SOLUTION
	// TODO: find the first point at or after key.
	// STUB: return 0, errors.New("ring: Owner is not implemented")
	if len(points) == 0 {
		return 0, errors.New("ring: empty")
	}
	i := sort.SearchInts(points, key)
	return points[i%len(points)], nil
	// END SOLUTION
}

// BEGIN SOLUTION
// TODO: helpers go here.
func helper() {}

// END SOLUTION
`
	want := `package ring

import (
	"errors"
)

// Owner returns the owner of key.
func Owner(points []int, key int) (int, error) {
	// TODO: find the first point at or after key.
	return 0, errors.New("ring: Owner is not implemented")
}

// TODO: helpers go here.
`
	got, err := Source("ring.go", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, want, string(got))
}

func TestSourceErrors(t *testing.T) {
	for name, src := range map[string]string{
		"unterminated": "package p\n// BEGIN SOLUTION\nfunc f() {}\n",
		"nested":       "package p\n// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n",
		"stray end":    "package p\n// END SOLUTION\n",
		"inline":       "package p\nfunc f() {} // BEGIN SOLUTION\n",
		"bad stub":     "package p\nfunc f() int {\n// BEGIN SOLUTION\n// STUB: return (\nreturn 1\n// END SOLUTION\n}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Source("p.go", []byte(src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "strip: p.go")
		})
	}
}

func TestHasRegions(t *testing.T) {
	assert.True(t, HasRegions([]byte("package p\n\t// BEGIN SOLUTION\n// END SOLUTION\n")))
	assert.False(t, HasRegions([]byte("package p\n// no regions here\n")))
}
