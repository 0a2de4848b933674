package strip

import (
	"os"
	"path/filepath"
	"strings"
)

// Dir strips, in place, every .go file under dir that has solution
// regions, and returns the files it changed.
func Dir(dir string) ([]string, error) {
	var changed []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil || !HasRegions(src) {
			return err
		}
		out, err := Source(path, src)
		if err != nil {
			return err
		}
		changed = append(changed, path)
		return os.WriteFile(path, out, 0o644)
	})
	return changed, err
}
