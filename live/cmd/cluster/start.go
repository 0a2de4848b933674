package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/sim"
)

// stopWait is how long start waits for a node to stop after SIGTERM
// before it kills it.
const stopWait = 5 * time.Second

// defaultPort is the first port of a new cluster, unless --port says
// otherwise: below the range the system picks ports for connections from
// (32768 and up on Linux), so that no connection takes a node's port
// while the node is down.
const defaultPort = 7100

// readyWait is how long start waits for a node's process to be running.
const readyWait = 10 * time.Second

type startFlags struct {
	dir     string
	n       int
	port    int
	clients int
	seed    int64
	fresh   bool
	emits   bool
	// laidOut lists the flags that lay a new cluster out, which a cluster
	// started again cannot change.
	laidOut []string
}

func newStartCmd() *cobra.Command {
	var f startFlags
	cmd := &cobra.Command{
		Use:   "start LAB",
		Short: "Start a cluster of a lab's servers, a process per node, and supervise it",
		Long: `start runs the servers of LAB (hashring, election or paxos) as a local
cluster: one process per node, on loopback ports, each with its data directory
DIR/nI holding its storage (a bbolt file) and its log (node.log, JSON lines).
It writes the cluster's layout to DIR/cluster.json, where kv and load find it,
and each running node's process id to DIR/nI/pid. Clients keep their
incarnation count and their log in DIR/clients/nI.

start stays in the foreground and reads commands on its standard input:

  kill N      kill node N with SIGKILL (as a crash: no clean up)
  stop N      stop node N with SIGTERM
  restart N   start node N again, from its data directory
  status      list the nodes
  quit        stop every node and exit (as Ctrl-C does)

A node killed from elsewhere (kill -9 $(cat DIR/n1/pid)) is reported, and
restart brings it back. Ctrl-C or SIGTERM stops every node cleanly and exits.

A directory that holds a cluster already is started again as it was, on the
same ports and with every node's storage, unless --fresh is given.`,
		Example: `  go run ./live/cmd/cluster start paxos
  go run ./live/cmd/cluster start --fresh -n 5 election`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, name := range []string{"servers", "port", "clients", "seed"} {
				if cmd.Flags().Changed(name) {
					f.laidOut = append(f.laidOut, "--"+name)
				}
			}
			return start(args[0], f, cmd.InOrStdin(), cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&f.dir, "dir", defaultDir, "the cluster's directory")
	cmd.Flags().IntVarP(&f.n, "servers", "n", 3, "the number of servers")
	cmd.Flags().IntVar(&f.port, "port", defaultPort, "the first port: node I listens on port+I, clients after the nodes (0: free ports the system chooses)")
	cmd.Flags().IntVar(&f.clients, "clients", 8, "how many client processes (kv, load) may run at once")
	cmd.Flags().Int64Var(&f.seed, "seed", 1, "the seed of the nodes' random streams")
	cmd.Flags().BoolVar(&f.fresh, "fresh", false, "delete what the directory holds and start an empty cluster")
	cmd.Flags().BoolVar(&f.emits, "emits", false, "print the values the nodes emit (default: on for hashring and election)")
	cmd.PreRun = func(cmd *cobra.Command, args []string) {
		if !cmd.Flags().Changed("emits") && len(args) == 1 {
			if lb, err := findLab(args[0]); err == nil {
				f.emits = lb.emits
			}
		}
	}
	return cmd
}

// supervisor runs the nodes of a cluster as child processes.
type supervisor struct {
	dir    string
	l      *layout
	emits  bool
	out    io.Writer
	exited chan exit
	procs  map[sim.NodeID]*child
	// stopping is set once the whole cluster is stopping.
	stopping bool
}

// child is a node's running process.
type child struct {
	cmd   *exec.Cmd
	stdin io.Closer
}

// exit is the end of a child process.
type exit struct {
	id  sim.NodeID
	cmd *exec.Cmd
	err error
}

func start(labName string, f startFlags, in io.Reader, out io.Writer) error {
	lb, err := findLab(labName)
	if err != nil {
		return err
	}
	if f.fresh {
		if err := os.RemoveAll(f.dir); err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
	}
	var l *layout
	if fileExists(filepath.Join(f.dir, layoutFile)) {
		if l, err = readLayout(f.dir); err != nil {
			return err
		}
		if l.Lab != lb.name {
			return fmt.Errorf("cluster: %s holds a %s cluster, not %s (use --fresh to replace it, or another --dir)", f.dir, l.Lab, lb.name)
		}
		if len(f.laidOut) > 0 {
			return fmt.Errorf("cluster: %s holds a cluster already, laid out as it is: %s can only lay out a new one (use --fresh to replace it, or another --dir)",
				f.dir, strings.Join(f.laidOut, ", "))
		}
		fmt.Fprintf(out, "cluster: starting the %s cluster in %s again, with its storage\n", l.Lab, f.dir)
	} else {
		if l, err = newLayout(lb, f); err != nil {
			return err
		}
		if err := os.MkdirAll(f.dir, 0o755); err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
		if err := l.write(f.dir); err != nil {
			return err
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	s := &supervisor{dir: f.dir, l: l, emits: f.emits, out: out, exited: make(chan exit, len(l.Nodes)),
		procs: map[sim.NodeID]*child{}}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(sigs)
	for _, id := range l.Nodes {
		if err := s.start(exe, id); err != nil {
			s.stopAll()
			return err
		}
	}
	s.status()
	fmt.Fprintln(out, "cluster: ready; commands: kill N, stop N, restart N, status, quit (Ctrl-C stops the cluster)")

	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines) // no more commands; the cluster runs until a signal
	}()
	for {
		select {
		case sig := <-sigs:
			fmt.Fprintf(out, "cluster: %v: stopping every node\n", sig)
			return s.stopAll()
		case e := <-s.exited:
			s.reap(e)
		case line, ok := <-lines:
			if !ok {
				lines = nil
				continue
			}
			if quit := s.command(exe, line); quit {
				return s.stopAll()
			}
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// newLayout lays out a new cluster: its nodes, its clients' ids, and an
// address for each.
func newLayout(lb lab, f startFlags) (*layout, error) {
	if f.n < 1 {
		return nil, errors.New("cluster: a cluster needs at least one server")
	}
	l := &layout{Lab: lb.name, Servers: f.n, Book: map[sim.NodeID]string{}, Seed: f.seed}
	total := f.n + lb.extra + f.clients
	for i := range total {
		id := sim.NodeID(i)
		if i < f.n+lb.extra {
			l.Nodes = append(l.Nodes, id)
		} else {
			l.Clients = append(l.Clients, id)
		}
		if f.port != 0 {
			l.Book[id] = fmt.Sprintf("127.0.0.1:%d", f.port+i)
			continue
		}
		// A port the system chooses, free now.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		l.Book[id] = ln.Addr().String()
		ln.Close()
	}
	return l, nil
}

// start starts node id's process. The supervisor listens on the node's
// address itself and hands the socket over, so that an address in use is
// reported here, before the process starts.
func (s *supervisor) start(exe string, id sim.NodeID) error {
	if _, ok := s.procs[id]; ok {
		return fmt.Errorf("cluster: %v is running", id)
	}
	if !slices.Contains(s.l.Nodes, id) {
		return fmt.Errorf("cluster: the cluster has no node %v", id)
	}
	if err := os.MkdirAll(nodeDir(s.dir, id), 0o755); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	ln, err := net.Listen("tcp", s.l.Book[id])
	if err != nil {
		return fmt.Errorf("cluster: %v cannot listen: %w", id, err)
	}
	defer ln.Close()
	lf, err := ln.(*net.TCPListener).File()
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	defer lf.Close()
	stderr, err := os.OpenFile(stderrFile(s.dir, id), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	defer stderr.Close()

	args := []string{"serve", "--dir", s.dir, id.String()}
	if s.emits {
		args = append(args, "--emits")
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), envChild+"=1", envListener+"=1")
	cmd.ExtraFiles = []*os.File{lf}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	s.procs[id] = &child{cmd: cmd, stdin: stdin}
	if err := os.WriteFile(pidFile(s.dir, id), []byte(fmt.Sprintln(cmd.Process.Pid)), 0o644); err != nil {
		fmt.Fprintf(s.out, "cluster: %v\n", err)
	}
	ready, gone := make(chan struct{}), make(chan struct{})
	go func() {
		// The node says it is ready; then its emits, when asked for,
		// line by line; then it ends.
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == readyLine {
				close(ready)
				continue
			}
			fmt.Fprintln(s.out, sc.Text())
		}
		err := cmd.Wait()
		close(gone)
		s.exited <- exit{id: id, cmd: cmd, err: err}
	}()
	select {
	case <-ready:
		return nil
	case <-gone:
		return fmt.Errorf("cluster: %v did not start: %s", id, lastLine(stderrFile(s.dir, id)))
	case <-time.After(readyWait):
		return fmt.Errorf("cluster: %v did not start within %v", id, readyWait)
	}
}

// reap notes that a node's process ended.
func (s *supervisor) reap(e exit) {
	if c, ok := s.procs[e.id]; !ok || c.cmd != e.cmd {
		return // an exit already reported
	}
	delete(s.procs, e.id)
	os.Remove(pidFile(s.dir, e.id))
	how := "stopped"
	if e.err != nil {
		how = "exited: " + e.err.Error()
		if last := lastLine(stderrFile(s.dir, e.id)); last != "" {
			how += ": " + last
		}
	}
	if s.stopping {
		fmt.Fprintf(s.out, "cluster: %v %s\n", e.id, how)
		return
	}
	fmt.Fprintf(s.out, "cluster: %v %s (restart %v brings it back)\n", e.id, how, e.id)
}

// lastLine returns the last line of a file, if any.
func lastLine(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	return lines[len(lines)-1]
}

// command runs one line of the console, and reports whether it was quit.
func (s *supervisor) command(exe, line string) (quit bool) {
	words := strings.Fields(line)
	if len(words) == 0 {
		return false
	}
	report := func(err error) {
		if err != nil {
			fmt.Fprintln(s.out, err)
		}
	}
	node := func() (sim.NodeID, bool) {
		if len(words) != 2 {
			fmt.Fprintf(s.out, "cluster: %s takes a node: %s N\n", words[0], words[0])
			return 0, false
		}
		id, err := parseNode(words[1])
		report(err)
		return id, err == nil
	}
	switch words[0] {
	case "quit", "exit":
		return true
	case "status":
		s.status()
	case "kill", "stop":
		id, ok := node()
		if !ok {
			return false
		}
		c, running := s.procs[id]
		if !running {
			fmt.Fprintf(s.out, "cluster: %v is not running\n", id)
			return false
		}
		sig := syscall.SIGKILL
		if words[0] == "stop" {
			sig = syscall.SIGTERM
		}
		report(c.cmd.Process.Signal(sig))
	case "restart", "start":
		id, ok := node()
		if !ok {
			return false
		}
		if err := s.start(exe, id); err != nil {
			report(err)
			return false
		}
		fmt.Fprintf(s.out, "cluster: %v started, pid %d\n", id, s.procs[id].cmd.Process.Pid)
	default:
		fmt.Fprintf(s.out, "cluster: unknown command %q; commands: kill N, stop N, restart N, status, quit\n", words[0])
	}
	return false
}

// status prints every node: address, process, data directory.
func (s *supervisor) status() {
	fmt.Fprintf(s.out, "cluster: %s, %d servers, in %s\n", s.l.Lab, s.l.Servers, s.dir)
	for _, id := range s.l.Nodes {
		state := "down"
		if c, ok := s.procs[id]; ok {
			state = fmt.Sprintf("pid %d", c.cmd.Process.Pid)
		}
		role := "server"
		if int(id) >= s.l.Servers {
			if lb, err := findLab(s.l.Lab); err == nil && lb.extraRole != "" {
				role = lb.extraRole
			}
		}
		fmt.Fprintf(s.out, "  %-4v %-10s %-21s %-10s log %s\n", id, role, s.l.Book[id], state, filepath.Join(nodeDir(s.dir, id), "node.log"))
	}
}

// stopAll stops every node with SIGTERM, kills those that have not
// stopped after stopWait, and returns an error if any did not stop
// cleanly.
func (s *supervisor) stopAll() error {
	s.stopping = true
	for _, c := range s.procs {
		c.cmd.Process.Signal(syscall.SIGTERM)
		c.stdin.Close()
	}
	deadline := time.After(stopWait)
	var unclean []string
	for len(s.procs) > 0 {
		select {
		case e := <-s.exited:
			if c, ok := s.procs[e.id]; ok && c.cmd == e.cmd && e.err != nil {
				unclean = append(unclean, fmt.Sprintf("%v: %v", e.id, e.err))
			}
			s.reap(e)
		case <-deadline:
			for id, c := range s.procs {
				unclean = append(unclean, fmt.Sprintf("%v did not stop within %v and was killed", id, stopWait))
				c.cmd.Process.Kill()
			}
			deadline = nil
		}
	}
	if len(unclean) > 0 {
		return fmt.Errorf("cluster: %s", strings.Join(unclean, "; "))
	}
	fmt.Fprintln(s.out, "cluster: every node stopped")
	return nil
}
