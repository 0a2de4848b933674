package testrun

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

var pageSize = int64(os.Getpagesize())

// treeRSS returns the resident memory of process pid and all its
// descendants, in bytes, from /proc: each process's resident pages
// (/proc/PID/statm), and its children as every one of its threads
// recorded them (/proc/PID/task/TID/children; in Go any thread may
// start a process). Processes that exit while it reads count as 0.
func treeRSS(pid int) (int64, error) {
	total, _, err := treeMemory(pid)
	return total, err
}

// largestRSS returns the resident memory of the largest process of the
// tree of pid (pid and its descendants), in bytes.
func largestRSS(pid int) (int64, error) {
	_, largest, err := treeMemory(pid)
	return largest, err
}

// treeMemory returns the total and the largest resident memory of the
// processes of the tree of pid.
func treeMemory(pid int) (total, largest int64, err error) {
	total, err = processRSS(pid)
	if err != nil {
		return 0, 0, err
	}
	largest = total
	seen := map[int]bool{pid: true}
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children(p) {
			if seen[c] {
				continue
			}
			seen[c] = true
			queue = append(queue, c)
			if rss, err := processRSS(c); err == nil {
				total += rss
				largest = max(largest, rss)
			}
		}
	}
	return total, largest, nil
}

// processRSS returns the resident memory of one process.
func processRSS(pid int) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0, os.ErrInvalid
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, err
	}
	return pages * pageSize, nil
}

// children returns the processes that pid's threads started.
func children(pid int) []int {
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	if len(tasks) == 0 {
		return childrenByScan(pid) // a kernel without CONFIG_PROC_CHILDREN
	}
	var out []int
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(data)) {
			if c, err := strconv.Atoi(f); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// childrenByScan finds pid's children by reading the parent of every
// process (/proc/PID/stat).
func childrenByScan(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	want := strconv.Itoa(pid)
	var out []int
	for _, e := range entries {
		c, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses.
		s := string(data)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) >= 2 && f[1] == want {
			out = append(out, c)
		}
	}
	return out
}
