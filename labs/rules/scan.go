package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// nonGo are the extensions of the other source files go build compiles,
// links or passes to cgo.
var nonGo = []string{
	".s", ".S", ".sx", ".c", ".cc", ".cxx", ".cpp", ".m", ".h", ".hh", ".hpp", ".hxx",
	".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso",
}

// knownOS and knownArch are the GOOS and GOARCH values that make a file
// name suffix a build constraint (go/build's lists).
var (
	knownOS = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
	knownArch = []string{"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64",
		"mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le",
		"riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"}
)

// nameConstraint returns the GOOS/GOARCH suffix of a file name, "" if it
// has none.
func nameConstraint(name string) string {
	name = strings.TrimSuffix(name, filepath.Ext(name))
	name = strings.TrimSuffix(name, "_test")
	parts := strings.Split(name, "_")
	if len(parts) < 2 {
		return ""
	}
	parts = parts[1:]
	n := len(parts)
	if n >= 2 && slices.Contains(knownOS, parts[n-2]) && slices.Contains(knownArch, parts[n-1]) {
		return "_" + parts[n-2] + "_" + parts[n-1]
	}
	if slices.Contains(knownOS, parts[n-1]) || slices.Contains(knownArch, parts[n-1]) {
		return "_" + parts[n-1]
	}
	return ""
}

// skippedDir reports whether go's ./... patterns skip a directory named
// name, so that the type checker never sees its files.
func skippedDir(name string) bool {
	return name == "testdata" || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".")
}

// isTest reports whether a file is a test file: those never reach
// grading (the lab tests live in labs/), so the rules skip them.
func isTest(name string) bool { return strings.HasSuffix(name, "_test.go") }

// scanDir checks the files of dir that the type checker does not see: all
// but those in seen. It descends into the directories below dir: every
// one when deep, else only those ./... skips.
func scanDir(fset *token.FileSet, dir, student string, seen map[string]bool, deep bool, r report) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if e.IsDir() {
			if deep || skippedDir(e.Name()) {
				if err := scanDir(fset, path, student, nil, true, r); err != nil {
					return err
				}
			}
			continue
		}
		if seen[path] {
			continue
		}
		scanFile(fset, path, student, r)
	}
	return nil
}

// scanFile applies the rules that need no types to one file.
func scanFile(fset *token.FileSet, path, student string, r report) {
	name := filepath.Base(path)
	ext := filepath.Ext(name)
	switch {
	case ext == ".go" && isTest(name):
		return
	case ext == ".go":
		src, err := os.ReadFile(path)
		if err != nil {
			return
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			if f == nil {
				return
			}
		}
		checkName(f, name, r)
		checkSyntax(fset, f, student, r)
	case slices.Contains(nonGo, ext):
		tf := fset.AddFile(path, -1, 1)
		what := ext + " file"
		if ext == ".syso" {
			what = ".syso object file"
		}
		r(tf.Pos(0), RuleNonGo, what)
	}
}

// checkName reports a file name that is a build constraint or that go
// build ignores.
func checkName(f *ast.File, name string, r report) {
	if c := nameConstraint(name); c != "" {
		r(f.Package, RuleBuildTag, "file name suffix "+c+": student files are built under every configuration")
	}
	if strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
		r(f.Package, RuleBuildTag, "file name starting with "+name[:1]+": go build never compiles it")
	}
}
