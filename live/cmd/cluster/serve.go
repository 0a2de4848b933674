package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"slices"
	"syscall"

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
	ctx := stopContext(stdin)
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

// stopContext returns a context that is done at the first SIGTERM or
// interrupt, or at the end of stdin if stdin is not nil.
//
// The signals stay caught for the rest of the process's life, never given
// back their default action (which would kill the process): a node is
// often told to stop twice, and the second time may come after the first
// has stopped it, while the process is exiting. start stops a node with
// SIGTERM and by closing its standard input, in that order, but the node
// may see the end of its input first; Ctrl-C in a terminal interrupts the
// supervisor and its nodes, and the supervisor then sends each node
// SIGTERM. Had the first of the two given SIGTERM its default action back
// (as signal.NotifyContext's stop does), the second would kill a node
// that was stopping cleanly, and start would report that it exited with
// "signal: terminated".
func stopContext(stdin io.Reader) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-sigs
		cancel()
	}()
	if stdin != nil {
		go func() {
			io.Copy(io.Discard, stdin)
			cancel()
		}()
	}
	return ctx
}

// readyLine is what a node that start runs prints once it is running:
// listening, with its signals handled.
const readyLine = "distlab-cluster: node ready"
