package mutant

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Mutant is one bug: a name, a description, and the edits that make it.
type Mutant struct {
	Name        string // the file name without ".mutant"
	Summary     string // the first description line
	Description string // all description lines
	Edits       []Edit
}

// Edit replaces the only occurrence of Old in File with New.
type Edit struct {
	File string // slash-separated, relative to the module root
	Old  string
	New  string
}

// Load reads every *.mutant file in dir, sorted by name.
func Load(dir string) ([]Mutant, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.mutant"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var ms []Mutant
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("mutant: %w", err)
		}
		m, err := Parse(strings.TrimSuffix(filepath.Base(p), ".mutant"), data)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// Parse parses one mutant file; name is used in errors.
func Parse(name string, data []byte) (Mutant, error) {
	m := Mutant{Name: name}
	const (
		inHeader = iota
		inFile
		inOld
		inNew
	)
	state := inHeader
	var file string
	var old, repl []string
	var desc []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	errf := func(format string, args ...any) error {
		return fmt.Errorf("mutant %s, line %d: %s", name, line, fmt.Sprintf(format, args...))
	}
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		switch state {
		case inHeader, inFile:
			switch {
			case strings.HasPrefix(text, "==="):
				file = strings.TrimSpace(strings.TrimPrefix(text, "==="))
				if file == "" || filepath.IsAbs(file) || strings.Contains(file, "..") {
					return m, errf("bad file name %q", file)
				}
				state = inFile
			case text == "<<<":
				if state != inFile {
					return m, errf(`"<<<" before any "=== file" line`)
				}
				old, repl = nil, nil
				state = inOld
			case state == inHeader && strings.HasPrefix(text, "#"):
				desc = append(desc, strings.TrimSpace(strings.TrimPrefix(text, "#")))
			case strings.TrimSpace(text) == "":
			default:
				return m, errf("unexpected line %q (want \"=== file\", \"<<<\" or a # comment before the first file)", text)
			}
		case inOld:
			if text == "---" {
				state = inNew
				continue
			}
			old = append(old, text)
		case inNew:
			if text == ">>>" {
				if len(old) == 0 {
					return m, errf("an edit with nothing to replace")
				}
				m.Edits = append(m.Edits, Edit{File: file, Old: strings.Join(old, "\n") + "\n", New: joinLines(repl)})
				state = inFile
				continue
			}
			repl = append(repl, text)
		}
	}
	if err := sc.Err(); err != nil {
		return m, fmt.Errorf("mutant %s: %w", name, err)
	}
	if state == inOld || state == inNew {
		return m, errf(`unterminated edit (want ">>>")`)
	}
	if len(m.Edits) == 0 {
		return m, fmt.Errorf("mutant %s: no edits", name)
	}
	for len(desc) > 0 && desc[len(desc)-1] == "" {
		desc = desc[:len(desc)-1]
	}
	if len(desc) == 0 || desc[0] == "" {
		return m, fmt.Errorf("mutant %s: no description (start the file with a # line saying what the bug is)", name)
	}
	m.Summary = desc[0]
	m.Description = strings.Join(desc, "\n")
	return m, nil
}

func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// Apply makes the mutant's edits to the tree at root, in place.
func (m Mutant) Apply(root string) error {
	files, err := m.Patch(root)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(f.Path)), f.Data, 0o644); err != nil {
			return fmt.Errorf("mutant %s: %w", m.Name, err)
		}
	}
	return nil
}

// File is one file as a mutant leaves it.
type File struct {
	Path string // slash-separated, relative to the module root
	Data []byte
}

// Patch returns the files the mutant edits, as its edits leave them, in
// the order the mutant first names them; the tree at root is not changed.
// An edit whose text is not in the file exactly once is an error.
func (m Mutant) Patch(root string) ([]File, error) {
	var files []File
	index := map[string]int{}
	for i, e := range m.Edits {
		j, seen := index[e.File]
		if !seen {
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.File)))
			if err != nil {
				return nil, fmt.Errorf("mutant %s: edit %d: %w", m.Name, i+1, err)
			}
			j = len(files)
			index[e.File] = j
			files = append(files, File{Path: e.File, Data: data})
		}
		text := string(files[j].Data)
		switch n := strings.Count(text, e.Old); n {
		case 1:
		case 0:
			return nil, fmt.Errorf("mutant %s: edit %d: the text to replace is not in %s (did the reference change?)", m.Name, i+1, e.File)
		default:
			return nil, fmt.Errorf("mutant %s: edit %d: the text to replace occurs %d times in %s; make it unique", m.Name, i+1, n, e.File)
		}
		files[j].Data = []byte(strings.Replace(text, e.Old, e.New, 1))
	}
	return files, nil
}
