package hashring_test

import (
	"testing"

	"github.com/distlab/distlab/labs/mutant"
)

func TestMutantsAreCaught(t *testing.T) { mutant.CheckLab(t) }
