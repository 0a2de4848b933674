package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/grader/internal/report"
)

func newMergeCmd(g *grader) *cobra.Command {
	var (
		format string
		output string
	)
	cmd := &cobra.Command{
		Use:   "merge SHARD.json...",
		Short: "Combine the JSON results of the shards of one run",
		Long: `merge combines the results of a run split with --shard K/N into the results
of the whole run, in any format.

--shard K/N runs the K-th of N parts of the selected tests: the tests are
listed in lab and source order, and test number i (from 0) belongs to shard
(i mod N) + 1. Every test is in exactly one shard and the split never
depends on timing, so N jobs (CI jobs, containers) can each run one shard
with --format json, and merge checks that all N shards are there, once
each, run with the same settings, and puts the tests back in order.

With test, merge exits 1 when some test failed, like test itself.`,
		Example: `  # in CI job k of 4:
  go run ./grader test --shard $k/4 --format json -o shard-$k.json
  # then, once all four are done:
  go run ./grader merge shard-*.json
  go run ./grader merge shard-*.json --format junit -o junit.xml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("merge takes the JSON results of every shard (run `go run ./grader help merge`)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := report.CheckFormat(format); err != nil {
				return usageError("--format: %s", trimPrefix(err.Error()))
			}
			var reps []*report.Report
			for _, path := range args {
				r, err := report.ReadJSON(path)
				if err != nil {
					return usageError("%s%s", trimPrefix(err.Error()), mergeHint(err))
				}
				reps = append(reps, r)
			}
			merged, err := report.Merge(reps)
			if err != nil {
				return usageError("%s", trimPrefix(err.Error()))
			}
			if output != "" {
				if err := writeReport(output, merged, format); err != nil {
					return err
				}
				fmt.Fprintf(g.stdout, "merged %d shards: %d/%d; results in %s (%s)\n", len(reps), merged.Score(), merged.MaxScore(), output, format)
			} else {
				opts := report.TextOptions{Color: format == "text" && colors(g.stdout)}
				if err := report.Write(g.stdout, merged, format, opts); err != nil {
					return err
				}
			}
			if passed, total := merged.Passed(); merged.Command == "test" && passed < total {
				return failed()
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: "+strings.Join(report.Formats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the merged results to `FILE`")
	return cmd
}

// mergeHint says what merge wants when a file cannot be read.
func mergeHint(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return " (merge reads the JSON results that `test` or `grade` wrote with --format json -o FILE; check the path)"
	case errors.Is(err, fs.ErrPermission):
		return " (merge needs to read the file)"
	case strings.Contains(err.Error(), "is a directory"):
		return " (give the JSON files themselves, e.g. shards/*.json)"
	}
	return ""
}
