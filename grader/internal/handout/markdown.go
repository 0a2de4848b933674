package handout

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// The markers of an instructor-only region of a Markdown file. Each is a
// line of its own (spaces around it are allowed); the handout drops the
// lines between them, and the markers.
const (
	InstructorBegin = "<!-- BEGIN INSTRUCTOR -->"
	InstructorEnd   = "<!-- END INSTRUCTOR -->"
)

// StripInstructor removes the instructor-only regions of a Markdown file
// and reports whether it had any. name names the file in errors. A region
// that is not closed, one inside another, and an end marker without a
// region are errors. When a region stood between two blank lines, one of
// them goes too, so that no double blank line is left.
func StripInstructor(name string, src []byte) ([]byte, bool, error) {
	lines := strings.SplitAfter(string(src), "\n")
	var out []string
	open := 0 // the line of the open region's begin marker; 0: none
	found := false
	skipBlank := false
	for i, line := range lines {
		n := i + 1
		switch strings.TrimSpace(line) {
		case InstructorBegin:
			if open > 0 {
				return nil, false, fmt.Errorf("handout: %s:%d: %s inside the region opened at line %d (regions do not nest)", name, n, InstructorBegin, open)
			}
			open, found = n, true
			continue
		case InstructorEnd:
			if open == 0 {
				return nil, false, fmt.Errorf("handout: %s:%d: %s without %s before it", name, n, InstructorEnd, InstructorBegin)
			}
			open = 0
			skipBlank = len(out) == 0 || isBlank(out[len(out)-1])
			continue
		}
		if open > 0 {
			continue
		}
		if skipBlank && isBlank(line) {
			skipBlank = false
			continue
		}
		skipBlank = false
		out = append(out, line)
	}
	if open > 0 {
		return nil, false, fmt.Errorf("handout: %s:%d: %s is never closed (want %s on a line of its own)", name, open, InstructorBegin, InstructorEnd)
	}
	if !found {
		return src, false, nil
	}
	text := strings.TrimRight(strings.Join(out, ""), " \t\n")
	if text != "" {
		text += "\n" // a region at the end leaves no blank lines behind
	}
	return []byte(text), true, nil
}

func isBlank(line string) bool { return strings.TrimSpace(line) == "" }

// stripMarkdown removes the instructor-only regions of every Markdown file
// under out and returns the files it changed, relative to out.
func stripMarkdown(out string) ([]string, error) {
	var changed []string
	err := eachFile(out, ".md", nil, func(rel string, src []byte) error {
		stripped, ok, err := StripInstructor(rel, src)
		if err != nil || !ok {
			return err
		}
		changed = append(changed, rel)
		return os.WriteFile(filepath.Join(out, filepath.FromSlash(rel)), stripped, 0o644)
	})
	return changed, err
}

// nearMarker matches what looks like an instructor marker, spelled right
// or not: an HTML comment at the start of a line that mentions INSTRUCTOR.
var nearMarker = regexp.MustCompile(`(?i)^\s*<!--.*\binstructor`)

// Links: inline [text](target "title") and images, and reference
// definitions [label]: target.
var (
	inlineLink = regexp.MustCompile(`\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	refLink    = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?`)
)

// CheckMarkdown looks through the Markdown files of the handout at out for
// instructor-only text left behind: a line that looks like an instructor
// marker, and a relative link to a file of the official tree at root that
// the handout left out. It returns one "file:line: problem" per finding,
// with the line of the official tree's file when the line is there.
func CheckMarkdown(root, out string) ([]string, error) {
	var problems []string
	err := eachFile(out, ".md", nil, func(rel string, src []byte) error {
		// Findings point at the official tree's file, where they are
		// fixed: the same line there, if the handout did not change it.
		srcLine := map[string]int{}
		if orig, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel))); err == nil {
			for i, line := range strings.Split(string(orig), "\n") {
				if _, ok := srcLine[line]; !ok {
					srcLine[line] = i + 1
				}
			}
		}
		fenced := false
		for i, line := range strings.Split(string(src), "\n") {
			n, ok := srcLine[line]
			if !ok {
				n = i + 1
			}
			where := fmt.Sprintf("%s:%d", rel, n)
			if nearMarker.MatchString(line) {
				problems = append(problems, where+": an instructor marker is left: "+strings.TrimSpace(line))
			}
			if t := strings.TrimSpace(line); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
				fenced = !fenced
				continue
			}
			if fenced {
				continue // code, not links
			}
			var targets []string
			for _, m := range inlineLink.FindAllStringSubmatch(line, -1) {
				targets = append(targets, m[1])
			}
			if m := refLink.FindStringSubmatch(line); m != nil {
				targets = append(targets, m[1])
			}
			for _, target := range targets {
				if file, ok := leftOutTarget(root, out, path.Dir(rel), target); ok {
					problems = append(problems, fmt.Sprintf("%s: links to %s, which the handout leaves out", where, file))
				}
			}
		}
		return nil
	})
	return problems, err
}

// leftOutTarget resolves a link of a file in dir (slash-separated,
// relative to the tree) and reports whether it names a file or directory
// of the official tree that the handout does not have.
func leftOutTarget(root, out, dir, target string) (string, bool) {
	if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "#") {
		return "", false
	}
	target, _, _ = strings.Cut(target, "#")
	target, _, _ = strings.Cut(target, "?")
	if target == "" {
		return "", false
	}
	var rel string
	if strings.HasPrefix(target, "/") {
		rel = path.Clean(strings.TrimPrefix(target, "/")) // from the repository's root, as GitHub reads it
	} else {
		rel = path.Clean(path.Join(dir, target))
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false // outside the tree
	}
	if exists(filepath.Join(out, filepath.FromSlash(rel))) || !exists(filepath.Join(root, filepath.FromSlash(rel))) {
		return "", false
	}
	return rel, true
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// pruneEmptyDirs removes the directories of out that leaving rels out
// emptied (docs/ once docs/AUTHORING.md is gone, say), up to out itself.
func pruneEmptyDirs(out string, rels []string) error {
	for _, rel := range rels {
		for dir := path.Dir(rel); dir != "." && dir != "/"; dir = path.Dir(dir) {
			p := filepath.Join(out, filepath.FromSlash(dir))
			entries, err := os.ReadDir(p)
			if err != nil || len(entries) > 0 {
				break
			}
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}
