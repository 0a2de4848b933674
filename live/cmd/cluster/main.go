package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// defaultDir is the cluster's directory unless --dir says otherwise.
const defaultDir = "cluster"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command with args and returns its exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:   "cluster",
		Short: "Run a lab's servers as a real cluster on this machine",
		Long: `cluster runs the servers of a distlab lab, the code of the lab's package in
this module (yours, in a handout), unchanged, as real processes on loopback:
the real clock, TCP between them, storage on disk (see go doc ./live). kv and
load are clients of the paxos lab's key/value service.`,
		Example: `  go run ./live/cmd/cluster start paxos        # in one terminal
  go run ./live/cmd/cluster kv put x 1         # in another
  go run ./live/cmd/cluster kv get x
  go run ./live/cmd/cluster load --duration 10s`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newStartCmd(), newServeCmd(), newKVCmd(), newLoadCmd())
	if err := root.Execute(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
