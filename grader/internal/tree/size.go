package tree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The most the student packages of a submission may hold, together: far
// above any honest lab's source (tens of KiB), and far below what would
// make copying, checking or compiling them exhaust the grading machine.
const (
	MaxStudentBytes = 16 << 20
	MaxStudentFiles = 5000
)

// checkSize checks that the student packages students of the submission
// at dir are directories, not symbolic links (a copy would follow one
// anywhere, to the root of the file system), and that together they hold
// at most MaxStudentBytes in MaxStudentFiles files and directories,
// counting what Copy would copy.
func checkSize(dir string, students []string) error {
	var bytes, files int64
	over := errors.New("over")
	for _, s := range students {
		root := filepath.Join(dir, filepath.FromSlash(s))
		if info, err := os.Lstat(root); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("tree: submission %s: %s is a symbolic link; a student package is a directory of files", dir, s)
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == root && errors.Is(err, fs.ErrNotExist) {
					return nil // a missing package is reported elsewhere
				}
				return err
			}
			switch {
			case path == root:
				return nil
			case leftOut(path, d) && d.IsDir():
				return filepath.SkipDir
			case leftOut(path, d):
				return nil
			}
			files++ // a directory costs a copy too
			if !d.IsDir() {
				info, err := d.Info()
				if err != nil {
					return err
				}
				bytes += info.Size()
			}
			if bytes > MaxStudentBytes || files > MaxStudentFiles {
				return over
			}
			return nil
		})
		if err == over {
			return fmt.Errorf("tree: submission %s: its student packages hold more than %d files and directories or %d MiB (counted up to %s/: %d entries, %.1f MiB); student packages are source code, far smaller", dir, MaxStudentFiles, MaxStudentBytes>>20, s, files, float64(bytes)/(1<<20))
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("tree: %w", err)
		}
	}
	return nil
}
