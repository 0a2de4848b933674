package tree

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Assemble writes into dst, which must not exist or be empty, the tree to
// grade. From the official tree it takes the files at its top (go.mod,
// go.sum) and the directories grading builds (see needed): every lab's
// directory, with its tests, hidden tests and testdata, and every package
// of the module that the labs or the student packages import, directly or
// not (sim, rpc, the kit, ...), each with what lies below it that is not
// another package. From the submission it takes the student packages, and
// nothing else; over them, the given files of the official ones (their
// .go files without a solution region: see overlayGiven). students are the student package directories relative to
// the roots ("hashring"). It returns the student packages the submission
// does not have.
//
// Nothing a submission holds outside its student packages reaches the
// tree: edited or added lab tests, a changed go.mod, a patched simulator
// are all replaced by the official files. The official tree's other
// directories (the grader, its sample submissions, the docs) stay out:
// no test builds them, and a copy costs a file creation per file.
func Assemble(official, submission, dst string, students []string) (missing []string, err error) {
	isStudent := func(rel string) bool {
		for _, s := range students {
			if rel == s || strings.HasPrefix(rel, s+"/") {
				return true
			}
		}
		return false
	}
	for _, s := range students {
		src := filepath.Join(submission, filepath.FromSlash(s))
		info, err := os.Lstat(src)
		if err != nil || !info.IsDir() {
			missing = append(missing, s) // absent, a file, or a symbolic link
			continue
		}
		if err := Copy(src, filepath.Join(dst, filepath.FromSlash(s)), nil); err != nil {
			return nil, fmt.Errorf("tree: copying %s from the submission: %w", s, err)
		}
		if err := overlayGiven(official, dst, s); err != nil {
			return nil, err
		}
	}
	dirs, err := needed(official, dst, students, isStudent)
	if err != nil {
		return nil, fmt.Errorf("tree: %w", err)
	}
	if err := Copy(official, dst, func(rel string, d fs.DirEntry) bool { return d.IsDir() }); err != nil {
		return nil, err
	}
	for _, dir := range dirs {
		src := filepath.Join(official, filepath.FromSlash(dir))
		skip := func(rel string, d fs.DirEntry) bool {
			return isStudent(path.Join(dir, rel)) || isPackageDir(filepath.Join(src, filepath.FromSlash(rel)), d)
		}
		if err := Copy(src, filepath.Join(dst, filepath.FromSlash(dir)), skip); err != nil {
			return nil, err
		}
	}
	return missing, nil
}
