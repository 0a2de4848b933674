// Package handout makes the student edition of a distlab tree: a copy
// with every solution region replaced by its prompt and every
// instructor-only file left out.
//
// Left out of the handout:
//
//   - instructor-only tests: labs/<lab>/*_hidden_test.go
//   - mutants and the test that runs them: labs/<lab>/testdata/mutants/
//     and labs/<lab>/mutants_test.go
//   - the grader's sample submissions, which hold solutions, and the
//     grader's end-to-end tests that use them: grader/testdata/submissions/,
//     grader/testdata/script/, grader/testdata/golden/, grader/*_test.go
//   - the lab authors' guide, docs/AUTHORING.md
//   - hidden files and directories (.git, .ci), except .gitignore, and
//     test binaries
//   - the instructor-only regions of Markdown files: the lines between
//     <!-- BEGIN INSTRUCTOR --> and <!-- END INSTRUCTOR -->, each marker
//     a line of its own (see StripInstructor)
//   - directories that end up empty (docs/, labs/<lab>/testdata/)
//
// The student packages (one per lab) are then stripped with
// internal/strip: each solution region becomes its prompt and stubs.
// Leftovers and CheckMarkdown check the result.
package handout

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/distlab/distlab/grader/internal/tree"
	"github.com/distlab/distlab/internal/strip"
)

// Result says what Write did.
type Result struct {
	Removed  []string // files and directories left out, slash-separated, relative to the root
	Stripped []string // files whose solution regions were replaced, relative to the handout
	Markdown []string // Markdown files whose instructor-only regions were removed
}

// instructorOnly reports whether a path of the official tree stays out of
// the handout.
func instructorOnly(rel string, d fs.DirEntry) bool {
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	inLab := strings.HasPrefix(rel, "labs/") && strings.Count(rel, "/") >= 2
	switch {
	case inLab && !d.IsDir() && strings.HasSuffix(name, "_hidden_test.go"):
		return true
	case inLab && !d.IsDir() && name == "mutants_test.go" && strings.Count(rel, "/") == 2:
		return true
	case d.IsDir() && name == "mutants" && strings.HasPrefix(rel, "labs/") && strings.HasSuffix(dir, "/testdata") && strings.Count(rel, "/") == 3:
		return true
	case d.IsDir() && slices.Contains([]string{"grader/testdata/submissions", "grader/testdata/script", "grader/testdata/golden"}, rel):
		return true
	case !d.IsDir() && dir == "grader" && strings.HasSuffix(name, "_test.go"):
		return true
	case rel == "docs/AUTHORING.md":
		return true
	}
	return false
}

// Write writes the handout of the tree at root into out, which must be
// empty or not exist, removes the instructor-only regions of its Markdown
// files, and strips the solution regions of the student packages students
// ("hashring", ...). skip leaves out more paths (the handout directory
// itself, when it is inside the tree). A malformed instructor region is an
// error naming the file and line.
func Write(root, out string, students []string, skip tree.Skip) (Result, error) {
	var res Result
	err := tree.Copy(root, out, func(rel string, d fs.DirEntry) bool {
		if skip != nil && skip(rel, d) {
			return true
		}
		if instructorOnly(rel, d) {
			res.Removed = append(res.Removed, rel)
			return true
		}
		return false
	})
	if err != nil {
		return res, fmt.Errorf("handout: %w", err)
	}
	if err := pruneEmptyDirs(out, res.Removed); err != nil {
		return res, fmt.Errorf("handout: %w", err)
	}
	md, err := stripMarkdown(out)
	if err != nil {
		if strings.HasPrefix(err.Error(), "handout: ") {
			return res, err
		}
		return res, fmt.Errorf("handout: %w", err)
	}
	res.Markdown = md
	for _, s := range students {
		dir := filepath.Join(out, filepath.FromSlash(s))
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		changed, err := strip.Dir(dir)
		if err != nil {
			return res, fmt.Errorf("handout: %w", err)
		}
		for _, c := range changed {
			rel, _ := filepath.Rel(out, c)
			res.Stripped = append(res.Stripped, filepath.ToSlash(rel))
		}
	}
	return res, nil
}

// Leftovers returns the Go files of the handout that still hold a
// solution region outside the student packages, which Write does not
// strip: a lab author's mistake that would leak a solution.
func Leftovers(out string, students []string) ([]string, error) {
	var found []string
	// The stripper's own tests and fixtures hold markers on purpose.
	err := eachFile(out, ".go", []string{"internal/strip", "grader/testdata"}, func(rel string, src []byte) error {
		if strip.HasRegions(src) {
			found = append(found, rel)
		}
		return nil
	})
	return found, err
}

// eachFile calls f with every file under root whose name ends in ext (in
// any case), its slash-separated path relative to root, and its contents,
// leaving out the directories skip names.
func eachFile(root, ext string, skip []string, f func(rel string, src []byte) error) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case err != nil:
			return err
		case d.IsDir() && slices.Contains(skip, rel):
			return filepath.SkipDir
		case d.IsDir() || !strings.EqualFold(filepath.Ext(p), ext):
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return f(rel, src)
	})
}
