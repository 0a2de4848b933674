package hashring

import (
	"errors"
	"fmt"

	"github.com/distlab/distlab/sim"
)

// Allowed: sentinel errors, constants, and blank declarations that run no code.
var ErrEmpty = errors.New("hashring: empty")

var errQuiet = errors.New("hashring: quiet")

const limit = 3

type node struct{ n int }

func (*node) Start(sim.Env) {}

var _ interface{ Start(sim.Env) } = (*node)(nil)

var _ = node{}

// Rejected: mutable state every node would share, and code at init.
var counter int // want `^package-state: package-level var counter \(only sentinel errors`

var table = []int{1, 2} // want `^package-state: package-level var table`

var (
	a, b = 1, 2 // want `^package-state: package-level var a` `^package-state: package-level var b`
)

var errWrapped = fmt.Errorf("hashring: %w", ErrEmpty) // want `^package-state: package-level var errWrapped`

var ErrDynamic = errors.New(fmt.Sprint("x")) // want `^package-state: package-level var ErrDynamic`

var _ = setup() // want `^package-state: package-level var _ that runs code`

func setup() int { return 1 }

func init() {} // want `^package-state: func init — nodes share nothing but messages`

func overwrite() error {
	ErrEmpty = nil // want `^package-state: assigns to package-level ErrEmpty, which every node shares`
	p := &errQuiet // want `^package-state: takes the address of package-level errQuiet, which every node shares`
	_ = p
	return ErrEmpty
}
