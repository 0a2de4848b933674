package summary

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRoundTrip(t *testing.T) {
	for _, s := range []Summary{
		{Seed: 17, Simulated: true, Fingerprint: 0x4be1c2a9d0e3f567, Events: 5234, Virtual: 2500 * time.Millisecond, Wall: 3 * time.Millisecond},
		{Seed: 4829384729384, Simulated: true, Fingerprint: 1, Events: 0, Virtual: 0, Wall: 100 * time.Microsecond},
		{Seed: 3, Wall: 351200 * time.Microsecond},
	} {
		line := s.String()
		got, ok := Parse("    sweep.go:102: " + line)
		assert.True(t, ok, line)
		assert.Equal(t, s, got, line)
	}
}

func TestString(t *testing.T) {
	assert.Equal(t, "seed=17 fingerprint=4be1c2a9d0e3f567 events=5234 virtual=2.500000s wall=3ms speed=833x",
		Summary{Seed: 17, Simulated: true, Fingerprint: 0x4be1c2a9d0e3f567, Events: 5234, Virtual: 2500 * time.Millisecond, Wall: 3 * time.Millisecond}.String())
	assert.Equal(t, "seed=3 wall=351.2ms (no simulation)", Summary{Seed: 3, Wall: 351234 * time.Microsecond}.String())
}

func TestParseRejects(t *testing.T) {
	for _, line := range []string{"", "seed=1", "seed=x fingerprint=1 events=2 virtual=1s wall=1s speed=1x", "seed=1 fingerprint=1 events=2 virtual=soon wall=1s speed=1x"} {
		_, ok := Parse(line)
		assert.False(t, ok, line)
	}
}
