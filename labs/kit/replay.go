package kit

import (
	"path/filepath"
	"sync"

	"github.com/distlab/distlab/internal/gotest"
	"github.com/distlab/distlab/labs/kit/results"
)

// ReplayCommand returns the command that runs one seed of a test again,
// with every event printed, from the module's root: e.g.
//
//	go test ./labs/hashring -run '^TestShardMove$/^seed=17$' -seed 17 -events
//
// name is the subtest's name ("TestShardMove/seed=17").
func ReplayCommand(name string, seed int64) string {
	return results.ReplayCommand(packagePath(), name, seed)
}

var (
	pkgOnce sync.Once
	pkgPath string
)

// packagePath returns the test's package directory relative to the module
// root, as "./labs/hashring". A test binary runs in its package's directory.
func packagePath() string {
	pkgOnce.Do(func() {
		pkgPath = "."
		dir, err := filepath.Abs(".")
		if err != nil {
			return
		}
		root, err := gotest.Root(dir, "")
		if err != nil {
			return
		}
		if rel, err := filepath.Rel(root, dir); err == nil && rel != "." {
			pkgPath = "./" + filepath.ToSlash(rel)
		}
	})
	return pkgPath
}
