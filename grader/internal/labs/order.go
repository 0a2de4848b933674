package labs

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// The handouts declare the order of the labs and of their tests, in
// their Markdown tables:
//
//   - labs/README.md numbers the labs, one row each: a first cell
//     "1. Consistent hashing" and a link to "hashring/README.md";
//   - a lab's README.md lists its tests in the order students do them,
//     one table row each, with the test's name in backquotes in the
//     row's first or second cell (the first may be the part).

var (
	labRow  = regexp.MustCompile(`^\|\s*(\d+)\.`)
	labLink = regexp.MustCompile(`\]\(([\w.-]+)/README\.md\)`)
	testRow = regexp.MustCompile("^`(Test\\w*)`$")
)

// labNumbers returns the labs' numbers as labs/README.md at root declares
// them; nil if there is no such file.
func labNumbers(root string) map[string]int {
	numbers := map[string]int{}
	for _, line := range readLines(filepath.Join(root, "labs", "README.md")) {
		m, link := labRow.FindStringSubmatch(line), labLink.FindStringSubmatch(line)
		if m == nil || link == nil {
			continue
		}
		if n, err := strconv.Atoi(m[1]); err == nil {
			if _, dup := numbers[link[1]]; !dup {
				numbers[link[1]] = n
			}
		}
	}
	return numbers
}

// testOrder returns the places of the tests a lab's README.md (in dir)
// lists in its tables, from 0, in the order listed.
func testOrder(dir string) map[string]int {
	order := map[string]int{}
	for _, line := range readLines(filepath.Join(dir, "README.md")) {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		for _, c := range cells[:min(2, len(cells))] {
			if m := testRow.FindStringSubmatch(strings.TrimSpace(c)); m != nil {
				if _, dup := order[m[1]]; !dup {
					order[m[1]] = len(order)
				}
				break
			}
		}
	}
	return order
}

func readLines(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return strings.Split(string(data), "\n")
}
