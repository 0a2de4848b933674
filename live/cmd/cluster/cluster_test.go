package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/sim"
)

// envMain, set, makes the test binary run the command instead of the
// tests: the tests run the command as a user does, as processes, and the
// cluster's nodes are processes of the same binary.
const envMain = "DISTLAB_CLUSTER_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envMain) != "" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// bound is how long a test waits for anything before it fails.
const bound = 10 * time.Second

// runCommand runs the command with args, as a process, and returns its
// standard output, or an error that holds its standard error.
func runCommand(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), envMain+"=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	began := time.Now()
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cluster %s: %w, after %v: %s", strings.Join(args, " "), err, time.Since(began).Round(time.Millisecond), stderr.String())
	}
	return string(out), nil
}

// supervised is a running start command.
type supervised struct {
	t     *testing.T
	dir   string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
	done  chan error
	// recent holds the last lines the test read from the supervisor, for
	// the message of a failure.
	recent []string
}

// recentLines is how many of the supervisor's lines a failure shows.
const recentLines = 30

// read notes a line the test read from the supervisor.
func (s *supervised) read(line string) {
	s.recent = append(s.recent, line)
	if len(s.recent) > recentLines {
		s.recent = s.recent[len(s.recent)-recentLines:]
	}
}

// fatalf fails the test with what the supervisor printed last and the
// nodes' logs, after the message.
func (s *supervised) fatalf(format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf("%s\n%s", fmt.Sprintf(format, args...), s.report())
}

// report describes the cluster for a failure: the supervisor's last
// lines, then the end of every node's log and standard error.
func (s *supervised) report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "start's last %d lines:\n", len(s.recent))
	for _, line := range s.recent {
		fmt.Fprintf(&b, "  | %s\n", line)
	}
	l, err := readLayout(s.dir)
	if err != nil {
		fmt.Fprintf(&b, "no layout: %v\n", err)
		return b.String()
	}
	var paths []string
	for _, id := range l.Nodes {
		paths = append(paths, filepath.Join(nodeDir(s.dir, id), "node.log"), stderrFile(s.dir, id))
	}
	for _, id := range l.Clients {
		if path := filepath.Join(clientDir(s.dir, id), "node.log"); fileExists(path) {
			paths = append(paths, path)
		}
	}
	for _, path := range paths {
		fmt.Fprintf(&b, "%s, its end:\n", path)
		for _, line := range tail(path, 8) {
			fmt.Fprintf(&b, "  | %s\n", line)
		}
	}
	return b.String()
}

// command runs a client of the cluster (kv, load) with args, as a
// process, and returns its standard output; a failure shows the
// cluster's state and the clients' logs too.
func (s *supervised) command(args ...string) string {
	s.t.Helper()
	out, err := runCommand(args...)
	if err != nil {
		s.drain(func(string) {}) // what the supervisor printed meanwhile
		s.fatalf("%v", err)
	}
	return out
}

// tail returns the last n lines of the file at path, or the error that
// reading it gave.
func tail(path string, n int) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}
	}
	if len(data) == 0 {
		return []string{"(empty)"}
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return lines[max(0, len(lines)-n):]
}

// startCluster runs start with args, and waits until it is ready.
func startCluster(t *testing.T, dir string, args ...string) *supervised {
	t.Helper()
	if !fileExists(filepath.Join(dir, layoutFile)) {
		// Tests run at once: each new cluster on ports of its own.
		args = append([]string{"--port", "0"}, args...)
	}
	cmd := exec.Command(os.Args[0], append([]string{"start", "--dir", dir}, args...)...)
	cmd.Env = append(os.Environ(), envMain+"=1")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	s := &supervised{t: t, dir: dir, cmd: cmd, stdin: stdin, lines: make(chan string, 100), done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		// A test that failed midway: kill whatever is left (of a process
		// that has exited, Kill only returns an error).
		cmd.Process.Kill()
		l, err := readLayout(dir)
		if err != nil {
			return
		}
		for _, id := range l.Nodes {
			if pid, err := readPID(dir, id); err == nil {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	s.expect("cluster: ready")
	return s
}

// expect waits for a line of the supervisor's output that contains want,
// and returns it.
func (s *supervised) expect(want string) string {
	s.t.Helper()
	deadline := time.After(bound)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				s.fatalf("start ended before it printed %q: %v", want, s.wait())
			}
			s.read(line)
			if strings.Contains(line, want) {
				return line
			}
		case <-deadline:
			s.fatalf("start did not print %q within %v", want, bound)
		}
	}
}

// until reads the supervisor's output, line by line, until done returns
// true for one.
func (s *supervised) until(done func(line string) bool) {
	s.t.Helper()
	deadline := time.After(bound)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				s.fatalf("start ended too early: %v", s.wait())
			}
			s.read(line)
			if done(line) {
				return
			}
		case <-deadline:
			s.fatalf("start did not print what the test waits for within %v", bound)
		}
	}
}

// drain hands what the supervisor has printed and not been read yet to
// fn.
func (s *supervised) drain(fn func(line string)) {
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				return
			}
			s.read(line)
			fn(line)
		default:
			return
		}
	}
}

// wait returns how the supervisor ended, once its output has ended.
func (s *supervised) wait() string {
	select {
	case err := <-s.done:
		s.done <- err // for stop, which may read it again
		if err == nil {
			return "start: exit status 0"
		}
		return "start: " + err.Error()
	case <-time.After(bound):
		return "start did not exit"
	}
}

// console sends a line to the supervisor's standard input.
func (s *supervised) console(line string) {
	s.t.Helper()
	_, err := io.WriteString(s.stdin, line+"\n")
	require.NoError(s.t, err)
}

// stop stops the supervisor with SIGTERM and checks that it stopped every
// node cleanly.
func (s *supervised) stop() {
	s.t.Helper()
	require.NoError(s.t, s.cmd.Process.Signal(syscall.SIGTERM))
	s.expect("cluster: every node stopped")
	select {
	case err := <-s.done:
		if err != nil {
			s.fatalf("start exited with an error: %v", err)
		}
	case <-time.After(bound):
		s.fatalf("start did not exit")
	}
}

func readPID(dir string, id sim.NodeID) (int, error) {
	data, err := os.ReadFile(pidFile(dir, id))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(data)))
}

// alive reports whether process pid exists.
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// TestPaxosClusterAsAUserRunsIt starts a cluster of the paxos lab's
// servers with the command, uses the kv client, kills a server with
// SIGKILL, restarts it, kills another so that the restarted one is needed,
// and stops the cluster; started again on its directory, the cluster has
// its data.
func TestPaxosClusterAsAUserRunsIt(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	s := startCluster(t, dir, "paxos")

	kv := func(args ...string) string {
		return strings.TrimSuffix(s.command(append([]string{"kv", "--dir", dir, "--timeout", "5s"}, args...)...), "\n")
	}
	kv("put", "a", "1")
	kv("append", "a", "2")
	kv("put", "b", "x")
	assert.Equal(t, "12", kv("get", "a"))
	assert.Equal(t, "", kv("get", "never written"))
	// One client process after the other on the same client id, each a
	// new incarnation of it: replies meant for an earlier one are dropped.
	clientLog, err := os.ReadFile(filepath.Join(clientDir(dir, 3), "node.log"))
	require.NoError(t, err)
	assert.Contains(t, string(clientLog), `"inc":5`)

	// A crash, from outside the supervisor, as a user would with kill -9.
	pids := map[sim.NodeID]int{}
	for _, id := range []sim.NodeID{0, 1, 2} {
		pid, err := readPID(dir, id)
		require.NoError(t, err)
		pids[id] = pid
	}
	require.NoError(t, syscall.Kill(pids[0], syscall.SIGKILL))
	s.expect("n0 exited: signal: killed")
	kv("append", "a", "3")
	assert.Equal(t, "123", kv("get", "a"))

	// Back from its disk; then n1 crashes, and n0 is needed for a majority.
	s.console("restart 0")
	s.expect("n0 started")
	restarted, err := readPID(dir, 0)
	require.NoError(t, err)
	s.console("kill 1")
	s.expect("n1 exited: signal: killed")
	kv("append", "a", "4")
	assert.Equal(t, "1234", kv("get", "a"))
	assert.Equal(t, "x", kv("get", "b"))

	out := s.command("load", "--dir", dir, "--duration", "300ms", "--clerks", "2")
	assert.Regexp(t, `^\d+ operations in .* by 2 clerks: \d+ ops/s\n  all .* p50 .* p99 `, out)

	s.stop()
	for _, pid := range []int{pids[0], pids[1], pids[2], restarted} {
		assert.False(t, alive(pid), "process %d of the cluster is still there", pid)
	}
	for id := range pids {
		assert.NoFileExists(t, pidFile(dir, id))
	}

	// The whole cluster again, from its directory.
	s = startCluster(t, dir, "paxos")
	assert.Equal(t, "1234", kv("get", "a"))
	s.stop()
}

// TestElectionClusterElectsAgain starts a cluster of the election lab's
// nodes, waits for a leader, kills the latest leader from the console,
// and waits for another node to lead a later term.
func TestElectionClusterElectsAgain(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	s := startCluster(t, t.TempDir(), "election")
	led := map[sim.NodeID]int{} // the latest term each node led
	watch := func(line string) {
		var id sim.NodeID
		var term int
		if _, err := fmt.Sscanf(line, "n%d emit election.BecameLeader{Term:%d}", &id, &term); err == nil {
			led[id] = max(led[id], term)
		}
	}
	s.until(func(line string) bool { watch(line); return len(led) > 0 })
	s.drain(watch) // leaders elected since, if any
	var leader sim.NodeID
	for id, term := range led {
		if term > led[leader] {
			leader = id
		}
	}
	killed := led[leader]
	s.console(fmt.Sprintf("kill %d", leader))
	exited := false
	s.until(func(line string) bool {
		watch(line)
		exited = exited || strings.Contains(line, fmt.Sprintf("%v exited: signal: killed", leader))
		for id, term := range led {
			if id != leader && term > killed && exited {
				return true
			}
		}
		return false
	})
	s.stop()
}

// TestHashringClusterIsReady starts a cluster of the hashring lab's
// servers and its controller, and waits for every server to report the
// configuration the controller installs.
func TestHashringClusterIsReady(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	s := startCluster(t, t.TempDir(), "hashring")
	ready := map[string]bool{}
	for range 3 {
		line := s.expect("emit hashring.Ready{Num:1}")
		ready[strings.Fields(line)[0]] = true
	}
	assert.Equal(t, map[string]bool{"n0": true, "n1": true, "n2": true}, ready)
	s.stop()
}

func TestStartedAgainKeepsItsLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	startCluster(t, dir, "election").stop()
	cmd := exec.Command(os.Args[0], "start", "--dir", dir, "-n", "5", "election")
	cmd.Env = append(os.Environ(), envMain+"=1")
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "holds a cluster already, laid out as it is: --servers can only lay out a new one")
	cmd = exec.Command(os.Args[0], "start", "--dir", dir, "paxos")
	cmd.Env = append(os.Environ(), envMain+"=1")
	out, err = cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "holds a election cluster, not paxos")
}
