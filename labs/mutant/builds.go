package mutant

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// Builds builds the test binaries of one package's mutants: one schema
// binary (see Schema) for every mutant a schema can hold, built once when
// the first of them asks, and a binary of its own for each of the others.
// Its methods may be called from several goroutines.
type Builds struct {
	root, pkg string
	schema    Schema
	once      sync.Once
	bin       *Binary
	err       error
}

// NewBuilds makes the schema of ms for package pkg ("./labs/hashring")
// of the module at root. It builds nothing yet.
func NewBuilds(root, pkg string, ms []Mutant) (*Builds, error) {
	s, _, err := NewSchema(root, ms)
	if err != nil {
		return nil, err
	}
	return &Builds{root: root, pkg: pkg, schema: s}, nil
}

// Schema returns the mutants that share the schema binary.
func (bs *Builds) Schema() []Mutant { return slices.Clone(bs.schema.Mutants) }

// Binary returns a test binary that runs m: a view of the schema binary
// that chooses m, or m's own binary. Close it when done, as one that
// Build returns.
func (bs *Builds) Binary(ctx context.Context, m Mutant) (*Binary, error) {
	num := bs.schema.Number(m.Name)
	if num == 0 {
		return Build(ctx, bs.root, bs.pkg, m)
	}
	bs.once.Do(func() {
		bs.bin, bs.err = build(ctx, bs.root, bs.pkg, Mutant{Name: "schema"}, bs.schema.Files)
		if bs.err != nil {
			bs.err = fmt.Errorf("mutant: the schema of %d mutants: %w", len(bs.schema.Mutants), bs.err)
		}
	})
	if bs.err != nil {
		return nil, bs.err
	}
	view := *bs.bin
	view.Mutant = m
	view.flags = slices.Clone(bs.bin.flags)
	view.env = []string{fmt.Sprintf("%s=%d", SchemaEnv, num)}
	view.shared = true
	return &view, nil
}

// Close removes the schema binary.
func (bs *Builds) Close() error {
	if bs.bin == nil {
		return nil
	}
	return bs.bin.Close()
}
