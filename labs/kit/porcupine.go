package kit

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/anishathalye/porcupine"
)

// Porcupine's page of a linearizability failure, as the kit writes it:
// porcupine's own visualization, with the kit's script (porcupine.js)
// added after porcupine's, which
//
//   - draws a time axis in milliseconds of virtual time under the
//     operations, and prints call and return times in milliseconds;
//   - opens the page at the first operation no order can place;
//
// while each operation's tooltip names the client node that called it,
// the server whose reply returned it and the events of both (see
// History.RecordFaults).
//
// Pages go to a directory of their own for each run of a test binary, so
// that concurrent runs never overwrite each other's pages and users
// sharing a machine never share a directory: under the user's cache
// directory (os.UserCacheDir: ~/.cache/distlab/porcupine/run-*), or a
// fresh temporary directory where there is none; -porcupine-dir D puts
// them in D instead.

//go:embed porcupine.js
var pageScript string

// writePage writes porcupine's page of info to file, with the kit's
// additions; title names the run (the seed's subtest).
func writePage(model porcupine.Model, info porcupine.LinearizationInfo, title, file string) error {
	var page bytes.Buffer
	if err := porcupine.Visualize(model, info, &page); err != nil {
		return fmt.Errorf("kit: porcupine's page: %w", err)
	}
	config, err := json.Marshal(struct {
		Title string `json:"title"`
	}{title})
	if err != nil {
		return fmt.Errorf("kit: porcupine's page: %w", err)
	}
	html := page.String()
	end := strings.LastIndex(html, "</body>")
	if end < 0 {
		return fmt.Errorf("kit: porcupine's page has no </body>")
	}
	// json.Marshal escapes <, > and &, so the title cannot end the script.
	extra := "<script>\nconst distlabPage = " + string(config) + "\n" + pageScript + "</script>\n"
	html = html[:end] + extra + html[end:]
	html = strings.Replace(html, "<title>Porcupine</title>", "<title>Porcupine: "+htmlEscaper.Replace(title)+"</title>", 1)
	if err := os.WriteFile(file, []byte(html), 0o600); err != nil {
		return fmt.Errorf("kit: %w", err)
	}
	return nil
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// pageDirs makes the directory of a run's pages, once.
type pageDirs struct {
	once sync.Once
	dir  string
	err  error
}

// runPages is this test binary's.
var runPages pageDirs

// get returns the directory for this run's pages: flagDir if set (made if
// need be), else a new directory of this run under the user's cache
// directory (cache, from os.UserCacheDir), else a new temporary one.
// Directories the kit makes are the user's alone (0700).
func (p *pageDirs) get(flagDir string, cache func() (string, error)) (string, error) {
	if flagDir != "" {
		if err := os.MkdirAll(flagDir, 0o700); err != nil {
			return "", fmt.Errorf("kit: -porcupine-dir: %w", err)
		}
		return flagDir, nil
	}
	p.once.Do(func() {
		if base, err := cache(); err == nil {
			base = filepath.Join(base, "distlab", "porcupine")
			if err := os.MkdirAll(base, 0o700); err == nil {
				if p.dir, p.err = os.MkdirTemp(base, "run-"); p.err == nil {
					return
				}
			}
		}
		// No cache directory we can write: a temporary directory, which
		// os.MkdirTemp makes fresh and the user's alone.
		p.dir, p.err = os.MkdirTemp("", "distlab-porcupine-")
		if p.err != nil {
			p.err = fmt.Errorf("kit: a directory for porcupine's pages: %w", p.err)
		}
	})
	return p.dir, p.err
}
