package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/live"
	"github.com/distlab/distlab/sim"
)

// Set in the environment of a node that start runs.
const (
	envChild    = "DISTLAB_CLUSTER_CHILD"    // set: the end of stdin means the supervisor has gone
	envListener = "DISTLAB_CLUSTER_LISTENER" // set: the node's listening socket is file 3
)

func newServeCmd() *cobra.Command {
	var dir string
	var emits bool
	cmd := &cobra.Command{
		Use:   "serve NODE",
		Short: "Run one node of a cluster in this process (start runs each node so)",
		Long: `serve runs one node of the cluster in -dir, on its address and its data
directory, until SIGTERM or Ctrl-C. start runs every node this way, each in a
process of its own; running serve yourself is for a node that start does not
supervise.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseNode(args[0])
			if err != nil {
				return err
			}
			return serve(dir, id, emits, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&dir, "dir", defaultDir, "the cluster's directory")
	cmd.Flags().BoolVar(&emits, "emits", false, "print every value the node emits on standard output")
	return cmd
}

// serve runs node id of the cluster in dir until a signal, or until its
// supervisor has gone.
func serve(dir string, id sim.NodeID, emits bool, out io.Writer) error {
	l, err := readLayout(dir)
	if err != nil {
		return err
	}
	lb, err := findLab(l.Lab)
	if err != nil {
		return err
	}
	if !slices.Contains(l.Nodes, id) {
		return fmt.Errorf("cluster: the %s cluster has no node %v", l.Lab, id)
	}
	var stdin io.Reader
	if os.Getenv(envChild) != "" {
		stdin = os.Stdin
	}
	ctx := live.StopContext(stdin) // start stops a node with SIGTERM, then by closing its stdin
	cfg := live.Config{ID: id, Peers: l.Book, Dir: nodeDir(dir, id), Seed: l.Seed, Factory: lb.node(l.Servers, id)}
	if emits {
		cfg.OnEmit = func(v any) { fmt.Fprintf(out, "%v emit %T%+v\n", id, v, v) }
	}
	if os.Getenv(envListener) != "" {
		if cfg.Listener, err = net.FileListener(os.NewFile(3, "listener")); err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
	}
	n, err := live.Start(ctx, cfg)
	if err != nil {
		return err
	}
	if os.Getenv(envChild) != "" {
		fmt.Fprintln(out, readyLine)
	}
	return n.Wait()
}

// readyLine is what a node that start runs prints once it is running:
// listening, with its signals handled.
const readyLine = "distlab-cluster: node ready"
