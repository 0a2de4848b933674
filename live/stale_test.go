package live_test

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/distlab/distlab/internal/gotest"
	"github.com/distlab/distlab/labs/mutant"
	"io/fs"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/labs/kit"
	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/sim"
)

// TestKVPaxosStaleReadAcrossProcesses runs one scenario on the Paxos
// key/value servers as processes, every link between two servers through
// a proxy, and checks its history with porcupine: a clerk that knows only
// server 0 puts k=1; server 0 is cut off from the other servers; a clerk
// that knows only servers 1 and 2 puts k=2, which they agree on without
// server 0; then the first clerk gets k from server 0, and the links are
// mended 300ms later. The reference cannot answer before the links are
// mended, and then reads 2. The servers of the get_from_local_state
// mutant (labs/paxos/testdata/mutants), built into this test binary
// through an overlay, answer at once with 1, from server 0's own data:
// porcupine must reject that history. The order of the operations is
// forced, so neither outcome depends on timing.
func TestKVPaxosStaleReadAcrossProcesses(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Run("reference", func(t *testing.T) {
		t.Parallel()
		read, ops := runStaleRead(t, "")
		assert.Equal(t, "2", read)
		require.Equal(t, porcupine.Ok, porcupine.CheckOperationsTimeout(kit.KVModel, ops, 10*time.Second),
			"the reference's history is not linearizable")
	})
	t.Run("get from local state", func(t *testing.T) {
		t.Parallel()
		read, ops := runStaleRead(t, buildMutant(t, "paxos", "get_from_local_state"))
		assert.Equal(t, "1", read, "the mutant's server 0 read its own stale data")
		require.Equal(t, porcupine.Illegal, porcupine.CheckOperationsTimeout(kit.KVModel, ops, 10*time.Second),
			"porcupine accepted a stale read")
	})
}

// buildMutant builds this test binary with a lab's mutant applied
// through an overlay (go test -c -overlay), and returns its path.
func buildMutant(t *testing.T, lab, name string) string {
	t.Helper()
	root, err := gotest.Root(".", "")
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(root, "labs", lab, "testdata", "mutants", name+".mutant"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no mutant %s here: a handout does not have the labs' mutants", name)
	}
	require.NoError(t, err)
	m, err := mutant.Parse(name, data)
	require.NoError(t, err)
	files, err := m.Patch(root)
	require.NoError(t, err)
	dir := t.TempDir()
	replace := map[string]string{}
	for i, f := range files {
		patched := filepath.Join(dir, filepath.Base(f.Path)+"."+string(rune('a'+i))+".go")
		require.NoError(t, os.WriteFile(patched, f.Data, 0o644))
		replace[filepath.Join(root, filepath.FromSlash(f.Path))] = patched
	}
	overlay, err := json.Marshal(struct{ Replace map[string]string }{replace})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "overlay.json"), overlay, 0o644))
	bin := filepath.Join(dir, "live.test")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-vet=off", "-o", bin, "-overlay", filepath.Join(dir, "overlay.json"), "./live")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// runStaleRead runs the scenario of TestKVPaxosStaleReadAcrossProcesses
// with the servers of exe (this binary if ""), and returns what the get
// read and the history.
func runStaleRead(t *testing.T, exe string) (string, []porcupine.Operation) {
	ps, lns, proxies := startProxied(t, exe, 2, 0, 1, 2)
	ctx, cancel := context.WithCancel(context.Background())
	var nodes []*live.Node
	defer func() {
		cancel()
		for _, n := range nodes {
			require.NoError(t, waitStopped(t, n))
		}
	}()
	clerk := func(id sim.NodeID, servers ...sim.NodeID) kv {
		ck := &clerkNode{servers: servers}
		n, err := live.Start(ctx, live.Config{ID: id, Peers: ps.book, Listener: lns[id], Dir: ps.dirs[id],
			Seed: int64(id), Factory: func() sim.Node { return ck }, Log: discard{}})
		require.NoError(t, err)
		nodes = append(nodes, n)
		return kv{t: t, node: n, clerk: ck}
	}
	near, far := clerk(3, 0), clerk(4, 1, 2)

	start := time.Now()
	var ops []porcupine.Operation
	record := func(client int, in kit.KVInput, call time.Time, out kit.KVOutput) {
		ops = append(ops, porcupine.Operation{ClientId: client, Input: in, Output: out,
			Call: int64(call.Sub(start)), Return: int64(time.Since(start))})
	}
	call := time.Now()
	near.put("k", "1")
	record(0, kit.KVInput{Op: kit.Put, Key: "k", Value: "1"}, call, kit.KVOutput{})

	for link, p := range proxies {
		if link[0] == 0 || link[1] == 0 {
			p.Cut()
		}
	}
	call = time.Now()
	far.put("k", "2")
	record(1, kit.KVInput{Op: kit.Put, Key: "k", Value: "2"}, call, kit.KVOutput{})

	got := make(chan string, 1)
	call = time.Now()
	require.NoError(t, near.node.Do(func(sim.Env) { near.clerk.ck.Get("k", func(v string) { got <- v }) }))
	time.Sleep(300 * time.Millisecond)
	for _, p := range proxies {
		p.Heal()
	}
	read := recv(t, got)
	record(0, kit.KVInput{Op: kit.Get, Key: "k"}, call, kit.KVOutput{Value: read})
	ps.stopAll()
	return read, ops
}

// startProxied starts three key/value servers as processes of exe (this
// binary if ""), and returns them with the listeners of the servers and
// of clients client nodes (ids 3, 4, ...). Every link between two of the
// nodes in proxied passes through a proxy, one each way (keyed by from
// and to); the others are direct. ps.books holds each node's address
// book, the clients' included.
func startProxied(t *testing.T, exe string, clients int, proxied ...sim.NodeID) (*procs, map[sim.NodeID]net.Listener, map[[2]sim.NodeID]*live.Proxy) {
	servers := []sim.NodeID{0, 1, 2}
	ps := &procs{t: t, servers: servers, book: map[sim.NodeID]string{}, dirs: map[sim.NodeID]string{},
		running: map[sim.NodeID]*proc{}, exe: exe, books: map[sim.NodeID]map[sim.NodeID]string{}}
	lns := map[sim.NodeID]net.Listener{}
	for i := range len(servers) + clients {
		id := sim.NodeID(i)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		lns[id], ps.book[id], ps.dirs[id] = ln, ln.Addr().String(), t.TempDir()
	}
	proxies := map[[2]sim.NodeID]*live.Proxy{}
	for from := range ps.book {
		ps.books[from] = maps.Clone(ps.book)
		if !slices.Contains(proxied, from) {
			continue
		}
		for _, to := range proxied {
			if from == to {
				continue
			}
			p, err := live.NewProxy(ps.book[to])
			require.NoError(t, err)
			t.Cleanup(func() { p.Close() })
			proxies[[2]sim.NodeID{from, to}] = p
			ps.books[from][to] = p.Addr()
		}
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
	return ps, lns, proxies
}
