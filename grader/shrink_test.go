package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplayExtras(t *testing.T) {
	base := []string{"test", "-v", "./labs/election", "-seed", "3", "-events"}
	for _, tc := range []struct {
		name  string
		extra replayExtras
		want  []string
	}{
		{"none", replayExtras{}, base},
		{"shrink", replayExtras{shrink: true}, []string{"test", "-v", "./labs/election", "-seed", "3", "-shrink"}},
		{"schedule", replayExtras{schedule: "lose=3,crash=0,delay=2/none"}, append(base[:6:6], "-schedule", "lose=3,crash=0,delay=2/none")},
		{"choices", replayExtras{choices: "0.2.1"}, append(base[:6:6], "-choices", "0.2.1")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.extra.args(base)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	for _, bad := range []replayExtras{{schedule: "lose=x"}, {schedule: "none/crash"}, {choices: "1.a"}} {
		_, err := bad.args(base)
		assert.Error(t, err)
	}
	assert.Equal(t, []string{"test", "-v", "./labs/election", "-seed", "3", "-events"}, base, "the arguments given stay as they are")
}
