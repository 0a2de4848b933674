package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/distlab/distlab/sim"
)

// layoutFile is the name of the cluster's description in its directory.
const layoutFile = "cluster.json"

// layout describes a cluster: which lab, which nodes on which addresses.
// start writes it in the cluster's directory, and every other command
// reads it there.
type layout struct {
	Lab     string                `json:"lab"`
	Servers int                   `json:"servers"` // servers 0 to Servers-1
	Nodes   []sim.NodeID          `json:"nodes"`   // the nodes start runs: the servers, then the lab's extra nodes
	Clients []sim.NodeID          `json:"clients"` // the ids that clients (kv, load) take, one per client process
	Book    map[sim.NodeID]string `json:"book"`    // every node's address, the clients' included
	Seed    int64                 `json:"seed"`
}

// nodeDir is the data directory of node id in the cluster's directory.
func nodeDir(dir string, id sim.NodeID) string { return filepath.Join(dir, id.String()) }

// clientDir is the data directory of client id: its incarnation count
// and its log.
func clientDir(dir string, id sim.NodeID) string {
	return filepath.Join(dir, "clients", id.String())
}

// pidFile is where start writes the process id of a running node.
func pidFile(dir string, id sim.NodeID) string { return filepath.Join(nodeDir(dir, id), "pid") }

// stderrFile collects what a node's process writes to its standard error.
func stderrFile(dir string, id sim.NodeID) string { return filepath.Join(nodeDir(dir, id), "stderr") }

// readLayout reads the layout of the cluster in dir.
func readLayout(dir string) (*layout, error) {
	data, err := os.ReadFile(filepath.Join(dir, layoutFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cluster: no cluster in %s (start one with: cluster start -dir %s LAB)", dir, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	var l layout
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("cluster: %s: %w", filepath.Join(dir, layoutFile), err)
	}
	return &l, nil
}

// write writes the layout in dir.
func (l *layout) write(dir string) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, layoutFile), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	return nil
}

// serverIDs returns the servers' ids.
func (l *layout) serverIDs() []sim.NodeID { return serverIDs(l.Servers) }

// parseNode parses a node's id, as "1" or "n1".
func parseNode(s string) (sim.NodeID, error) {
	t := s
	if len(t) > 1 && t[0] == 'n' {
		t = t[1:]
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("cluster: %q is not a node (write 1 or n1)", s)
	}
	return sim.NodeID(n), nil
}
