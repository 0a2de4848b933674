package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

func newKVCmd() *cobra.Command {
	var dir string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "kv get KEY | kv put KEY VALUE | kv append KEY VALUE",
		Short: "Get, put or append one key of the paxos lab's key/value service",
		Long: `kv runs one operation on the key/value service of the cluster in --dir (the
paxos lab's): it starts a client node with one clerk, which sends the
operation to the servers until one of them answers. get prints the value
("" for a key never written); put and append print nothing.`,
		Example: `  go run ./live/cmd/cluster kv put x hello
  go run ./live/cmd/cluster kv append x ", world"
  go run ./live/cmd/cluster kv get x`,
		Args: func(cmd *cobra.Command, args []string) error {
			want := map[string]int{"get": 2, "put": 3, "append": 3}
			if len(args) == 0 || want[args[0]] == 0 {
				return fmt.Errorf("cluster: kv takes get KEY, put KEY VALUE or append KEY VALUE")
			}
			if len(args) != want[args[0]] {
				return fmt.Errorf("cluster: kv %s takes %d argument(s)", args[0], want[args[0]]-1)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o := op{kind: args[0], key: args[1]}
			if len(args) == 3 {
				o.value = args[2]
			}
			c, err := connect(dir, 1)
			if err != nil {
				return err
			}
			defer c.stop()
			v, err := c.do(o, timeout)
			if err != nil {
				return err
			}
			if o.kind == "get" {
				fmt.Fprintln(cmd.OutOrStdout(), v)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", defaultDir, "the cluster's directory")
	cmd.Flags().DurationVar(&timeout, "timeout", 10*time.Second, "how long to wait for an answer")
	return cmd
}
