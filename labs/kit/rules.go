package kit

import (
	"flag"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/distlab/distlab/internal/gotest"
	"github.com/distlab/distlab/labs/rules"
)

var rulesFlag = flag.Bool("rules", true, "check the rules of labs/README.md on the student package before any test runs (the grader checks them itself, and turns this off)")

// Main is the TestMain of every lab: before any test runs, it checks the
// rules (package labs/rules) on the lab's student packages, and if one is
// broken it prints every violation, file:line first, and exits 1, so
// that a violation is the first failure a student reads. Then it runs the
// tests. -rules=false skips the check.
//
//	func TestMain(m *testing.M) { kit.Main(m, "hashring") }
func Main(m *testing.M, students ...string) {
	flag.Parse()
	if *rulesFlag {
		root, err := gotest.Root(".", "") // a test binary runs in its package's directory
		if err == nil {
			var ok bool
			ok, err = CheckRules(os.Stdout, root, students...)
			if err == nil && !ok {
				os.Exit(1)
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stdout, "kit: the rules checker could not run: %v\n", err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// CheckRules checks the rules on the student packages of the module at
// root and writes their violations to w, with file names relative to
// root. It reports whether there were none.
func CheckRules(w io.Writer, root string, students ...string) (bool, error) {
	vs, err := rules.Check(root, students...)
	if err != nil {
		return false, err
	}
	if len(vs) == 0 {
		return true, nil
	}
	fmt.Fprintf(w, "RULES BROKEN: %s breaks the rules of labs/README.md (\"The rules your code must follow\") in %s; no test runs until it follows them:\n",
		joinNames(students), plural(len(vs), "place"))
	for _, v := range vs {
		fmt.Fprintln(w, v)
	}
	return false, nil
}

func joinNames(students []string) string {
	s := ""
	for i, name := range students {
		if i > 0 {
			s += ", "
		}
		s += name + "/"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
