package summary

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestString(t *testing.T) {
	assert.Equal(t, "seed=17 fingerprint=4be1c2a9d0e3f567 events=5234 virtual=2.500000s wall=3ms speed=833x",
		Summary{Seed: 17, Simulated: true, Fingerprint: 0x4be1c2a9d0e3f567, Events: 5234, Virtual: 2500 * time.Millisecond, Wall: 3 * time.Millisecond}.String())
	assert.Equal(t, "seed=3 wall=351.2ms (no simulation)", Summary{Seed: 3, Wall: 351234 * time.Microsecond}.String())
}
