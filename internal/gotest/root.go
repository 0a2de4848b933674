package gotest

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// Root returns the root of the module around dir: the nearest directory
// at or above it with a go.mod, and if module is not "", the nearest
// whose go.mod declares that module path.
func Root(dir, module string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("gotest: %w", err)
	}
	for d := dir; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && (module == "" || modfile.ModulePath(data) == module) {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			if module == "" {
				return "", fmt.Errorf("gotest: no go.mod at or above %s", dir)
			}
			return "", fmt.Errorf("gotest: %s is not inside the module %s (no go.mod declaring it above)", dir, module)
		}
		d = parent
	}
}
