//go:build !linux

package testrun

import "errors"

// treeRSS cannot measure processes here: the memory limit is the Go
// runtime's soft limit (GOMEMLIMIT) alone.
func treeRSS(pid int) (int64, error) {
	return 0, errors.New("testrun: measuring the memory of processes needs Linux's /proc")
}

// largestRSS cannot measure processes here: a build has no memory limit.
func largestRSS(pid int) (int64, error) { return treeRSS(pid) }
