package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"
)

// viewFlags are replay's flags that write the run to files: the viewer's
// page, the JSON trace and the ShiViz log (the kit's -view, -trace-json
// and -shiviz).
type viewFlags struct {
	page, json, shiviz string
}

func (v *viewFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&v.page, "view", "", "also write the run as a self-contained HTML page to `FILE` (open it in a browser)")
	fs.StringVar(&v.json, "trace-json", "", "also write the run as a JSON trace to `FILE` (schema: view/SCHEMA.md)")
	fs.StringVar(&v.shiviz, "shiviz", "", "also write the run as a ShiViz log with vector clocks to `FILE`")
}

// files are the kit flag of each file, what it holds and its name, as
// given.
func (v *viewFlags) files() [3]struct{ flag, what, name string } {
	return [3]struct{ flag, what, name string }{
		{"-view", "the run's page", v.page}, {"-trace-json", "the JSON trace", v.json}, {"-shiviz", "the ShiViz log", v.shiviz},
	}
}

// args returns the kit flags for the files, with absolute paths (go test
// runs from the repository's root, the test binary in its package).
func (v *viewFlags) args() ([]string, error) {
	var args []string
	for _, f := range v.files() {
		if f.name == "" {
			continue
		}
		abs, err := filepath.Abs(f.name)
		if err != nil {
			return nil, fmt.Errorf("grader: %s %s: %w", f.flag, f.name, err)
		}
		args = append(args, f.flag, abs)
	}
	return args, nil
}

// report says which of the files the run wrote.
func (v *viewFlags) report(g *grader) {
	for _, f := range v.files() {
		abs, _ := filepath.Abs(f.name)
		if _, err := os.Stat(abs); f.name != "" && err == nil {
			fmt.Fprintf(g.stdout, "\n%s: %s\n", f.what, abs)
		}
	}
}
