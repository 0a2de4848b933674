package live_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/paxos/kvpaxos"
	"github.com/distlab/distlab/sim"
)

// The environment of a child process that runs one key/value server.
const (
	envKVNode     = "LIVE_TEST_KV_NODE"     // the server's id
	envKVServers  = "LIVE_TEST_KV_SERVERS"  // the servers' ids, JSON
	envKVBook     = "LIVE_TEST_KV_BOOK"     // the address book, JSON
	envKVDir      = "LIVE_TEST_KV_DIR"      // the data directory
	envKVListener = "LIVE_TEST_KV_LISTENER" // set: the listener is file 3
)

// TestMain runs a key/value server instead of the tests when the test
// binary is started as one by TestKVPaxosAsProcesses.
func TestMain(m *testing.M) {
	if os.Getenv(envKVNode) != "" {
		if err := serveKV(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if dir := os.Getenv(envWriterDir); dir != "" {
		if err := writeForever(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// envWriterDir, set, makes the test binary a node that writes to its
// storage in dir until it is killed (TestPutIsDurableWhenItReturns).
const envWriterDir = "LIVE_TEST_WRITER_DIR"

// writeForever puts 1, 2, 3, ... under key "n" in the storage of a node
// in dir, and prints each number once its Put has returned.
func writeForever(dir string) error {
	n, err := live.Start(context.Background(), live.Config{ID: 0, Peers: map[sim.NodeID]string{0: "127.0.0.1:0"},
		Dir: dir, Factory: func() sim.Node { return idle{} }})
	if err != nil {
		return err
	}
	for i := 1; ; i++ {
		if err := n.Do(func(env sim.Env) { env.Storage().Put("n", []byte(strconv.Itoa(i))) }); err != nil {
			return err
		}
		fmt.Println(i)
	}
}

// serveKV runs one key/value server until SIGTERM, SIGINT or the end of
// its standard input (the test that started it has gone).
func serveKV() error {
	id, err := strconv.Atoi(os.Getenv(envKVNode))
	if err != nil {
		return err
	}
	var servers []sim.NodeID
	var book map[sim.NodeID]string
	if err := json.Unmarshal([]byte(os.Getenv(envKVServers)), &servers); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(os.Getenv(envKVBook)), &book); err != nil {
		return err
	}
	ctx := live.StopContext(os.Stdin)
	cfg := live.Config{ID: sim.NodeID(id), Peers: book, Dir: os.Getenv(envKVDir), Seed: int64(id),
		Factory: func() sim.Node { return kvpaxos.NewServer(slices.Clone(servers)) }}
	if os.Getenv(envKVListener) != "" {
		if cfg.Listener, err = net.FileListener(os.NewFile(3, "listener")); err != nil {
			return err
		}
	}
	n, err := live.Start(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Println(kvReadyLine)
	return n.Wait()
}

// kvReadyLine is what a server process prints once it listens with its
// signals caught: a SIGTERM before then would kill it.
const kvReadyLine = "live-test: server ready"

// proc is a server running as a child process.
type proc struct {
	cmd   *exec.Cmd
	stdin io.Closer
	done  chan error
}

// procs runs servers as child processes of the test, and kills those left
// when the test ends.
type procs struct {
	t       testing.TB
	servers []sim.NodeID
	book    map[sim.NodeID]string
	dirs    map[sim.NodeID]string
	running map[sim.NodeID]*proc
	// exe, if set, is the binary the servers run instead of this one: a
	// build of this test binary with a bug in the service.
	exe string
	// books, if set, gives some servers an address book of their own
	// (with proxies for some peers) instead of book.
	books map[sim.NodeID]map[sim.NodeID]string
}

// start starts server id, and waits until it is ready; ln, if not nil, is
// its listening socket, which the child inherits and this process closes.
func (ps *procs) start(id sim.NodeID, ln net.Listener) {
	t := ps.t
	t.Helper()
	servers, err := json.Marshal(ps.servers)
	require.NoError(t, err)
	b := ps.book
	if own, ok := ps.books[id]; ok {
		b = own
	}
	book, err := json.Marshal(b)
	require.NoError(t, err)
	exe := os.Args[0]
	if ps.exe != "" {
		exe = ps.exe
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), envKVNode+"="+strconv.Itoa(int(id)), envKVServers+"="+string(servers),
		envKVBook+"="+string(book), envKVDir+"="+ps.dirs[id])
	stderr, err := os.OpenFile(filepath.Join(ps.dirs[id], "stderr"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	require.NoError(t, err)
	defer stderr.Close()
	cmd.Stderr = stderr
	if ln != nil {
		f, err := ln.(*net.TCPListener).File()
		require.NoError(t, err)
		defer f.Close()
		defer ln.Close()
		cmd.ExtraFiles = []*os.File{f}
		cmd.Env = append(cmd.Env, envKVListener+"=1")
	}
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &proc{cmd: cmd, stdin: stdin, done: make(chan error, 1)}
	ready, gone := make(chan struct{}), make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == kvReadyLine {
				close(ready)
			}
		}
		err := cmd.Wait()
		close(gone)
		p.done <- err
	}()
	ps.running[id] = p
	select {
	case <-ready:
	case <-gone:
		out, _ := os.ReadFile(filepath.Join(ps.dirs[id], "stderr"))
		t.Fatalf("server %v exited before it was ready: %s", id, out)
	case <-time.After(bound):
		t.Fatalf("server %v was not ready within %v", id, bound)
	}
}

// kill kills server id with SIGKILL: it gets no chance to clean up.
func (ps *procs) kill(id sim.NodeID) {
	ps.t.Helper()
	p := ps.running[id]
	delete(ps.running, id)
	require.NoError(ps.t, p.cmd.Process.Signal(syscall.SIGKILL))
	select {
	case err := <-p.done:
		var exit *exec.ExitError
		require.ErrorAs(ps.t, err, &exit)
	case <-time.After(bound):
		ps.t.Fatal("a killed server did not exit")
	}
}

// stopAll stops the servers with SIGTERM and checks that they exit
// cleanly.
func (ps *procs) stopAll() {
	ps.t.Helper()
	for id, p := range ps.running {
		delete(ps.running, id)
		require.NoError(ps.t, p.cmd.Process.Signal(syscall.SIGTERM))
		select {
		case err := <-p.done:
			out, _ := os.ReadFile(filepath.Join(ps.dirs[id], "stderr"))
			require.NoError(ps.t, err, "server %v: %s", id, out)
		case <-time.After(bound):
			ps.t.Fatalf("server %v did not stop", id)
		}
	}
}

// clerks drives one clerk node per key, all at once: each appends to its
// own key and remembers what the key must hold.
type clerks struct {
	t     *testing.T
	nodes []*live.Node
	cks   []*clerkNode
	want  []string
	next  []int
}

// appendAll makes every clerk append ops values to its key, each clerk
// one operation after the other, all clerks at the same time.
func (c *clerks) appendAll(ops int, within time.Duration) {
	c.t.Helper()
	done := make(chan int, len(c.nodes))
	for i, n := range c.nodes {
		key := fmt.Sprintf("k%d", i)
		var step func(left int)
		step = func(left int) {
			if left == 0 {
				done <- i
				return
			}
			v := fmt.Sprintf("%d.", c.next[i])
			c.next[i]++
			c.want[i] += v
			c.cks[i].ck.Append(key, v, func() { step(left - 1) })
		}
		require.NoError(c.t, n.Do(func(sim.Env) { step(ops) }))
	}
	deadline := time.After(within)
	for range c.nodes {
		select {
		case <-done:
		case <-deadline:
			c.t.Fatalf("the clerks did not finish %d appends each within %v", ops, within)
		}
	}
}

// check reads every key through its clerk and compares it with what the
// clerk appended.
func (c *clerks) check() {
	c.t.Helper()
	for i, n := range c.nodes {
		got := make(chan string, 1)
		require.NoError(c.t, n.Do(func(sim.Env) { c.cks[i].ck.Get(fmt.Sprintf("k%d", i), func(v string) { got <- v }) }))
		assert.Equal(c.t, c.want[i], recv(c.t, got), "key k%d", i)
	}
}

// TestKVPaxosAsProcesses runs three key/value servers as processes of
// their own, on loopback, and three clerks in this process appending at
// the same time; it kills a server with SIGKILL and restarts it from its
// disk, and then checks that the restarted server caught up, by killing
// another one.
func TestKVPaxosAsProcesses(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	servers := []sim.NodeID{0, 1, 2}
	clients := []sim.NodeID{3, 4, 5}
	ps := &procs{t: t, servers: servers, book: map[sim.NodeID]string{},
		dirs: map[sim.NodeID]string{}, running: map[sim.NodeID]*proc{}}
	lns := map[sim.NodeID]net.Listener{}
	for _, id := range append(slices.Clone(servers), clients...) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		lns[id], ps.book[id], ps.dirs[id] = ln, ln.Addr().String(), t.TempDir()
	}
	t.Cleanup(func() {
		for _, p := range ps.running {
			p.cmd.Process.Kill()
			p.stdin.Close()
			<-p.done
		}
	})
	for _, id := range servers {
		ps.start(id, lns[id])
	}

	ctx, cancel := context.WithCancel(context.Background())
	c := &clerks{t: t, want: make([]string, len(clients)), next: make([]int, len(clients))}
	for _, id := range clients {
		ck := &clerkNode{servers: slices.Clone(servers)}
		n, err := live.Start(ctx, live.Config{ID: id, Peers: ps.book, Listener: lns[id], Dir: ps.dirs[id],
			Seed: int64(id), Factory: func() sim.Node { return ck }})
		require.NoError(t, err)
		c.nodes, c.cks = append(c.nodes, n), append(c.cks, ck)
	}
	defer func() {
		cancel()
		for _, n := range c.nodes {
			require.NoError(t, waitStopped(t, n))
		}
	}()

	c.appendAll(5, 10*time.Second)
	c.check()

	ps.kill(0)
	c.appendAll(5, 10*time.Second)
	ps.start(0, nil)
	c.appendAll(5, 10*time.Second)
	ps.kill(1) // now the restarted server 0 is needed for a majority
	c.appendAll(5, 10*time.Second)
	c.check()

	ps.stopAll()
	for _, id := range servers {
		data, err := os.ReadFile(filepath.Join(ps.dirs[id], live.LogFile))
		require.NoError(t, err)
		assert.Contains(t, string(data), `"msg":"start"`, "server %v logged", id)
	}
}

// TestPutIsDurableWhenItReturns kills a process that writes to its storage
// without pause, with SIGKILL, and checks that the storage holds at least
// the last value whose Put the process had seen return. It is a process
// crash, not a power cut: it shows that a Put has reached the file when it
// returns, not that it was synced to the disk (bbolt's commit does that).
func TestPutIsDurableWhenItReturns(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envWriterDir+"="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	exited := false
	t.Cleanup(func() {
		if !exited {
			cmd.Process.Kill()
			<-done
		}
	})

	lines := bufio.NewScanner(out)
	last := 0
	for last < 20 && lines.Scan() {
		last, err = strconv.Atoi(lines.Text())
		require.NoError(t, err)
	}
	require.Equal(t, 20, last, "the writer stopped early")
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	select {
	case <-done:
		exited = true
	case <-time.After(bound):
		t.Fatal("the killed writer did not exit")
	}

	c := &cluster{t: t, book: map[sim.NodeID]string{0: "127.0.0.1:0"}, dirs: map[sim.NodeID]string{0: dir},
		running: map[sim.NodeID]*running{}, log: io.Discard}
	n := c.start(0, func() sim.Node { return idle{} })
	defer c.stop(0)
	var stored []byte
	var found bool
	var inc uint64
	require.NoError(t, n.Do(func(env sim.Env) {
		stored, found = env.Storage().Get("n")
		inc = env.Incarnation()
	}))
	require.True(t, found, "nothing was stored")
	got, err := strconv.Atoi(string(stored))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, got, last, "a Put that had returned was lost")
	assert.Equal(t, uint64(2), inc)
}
