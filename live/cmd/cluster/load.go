package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/distlab/distlab/sim"
)

type loadFlags struct {
	dir      string
	clerks   int
	duration time.Duration
	ops      int
	keys     int
	gets     float64
	size     int
}

func newLoadCmd() *cobra.Command {
	var f loadFlags
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Drive the paxos lab's key/value service and report throughput and latency",
		Long: `load runs a workload on the key/value service of the cluster in --dir (the
paxos lab's): --clerks clerks at once, each running one operation after the
other (a get with probability --gets, else a put or an append, on one of
--keys keys), for --duration or until --ops operations have completed. It
then reports the operations per second and the latency percentiles, in all
and per kind of operation. Kill and restart servers while it runs to see
what a crash costs: the longest operations show it.`,
		Example: `  go run ./live/cmd/cluster load
  go run ./live/cmd/cluster load --clerks 8 --duration 10s --gets 0.9`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return load(f, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&f.dir, "dir", defaultDir, "the cluster's directory")
	cmd.Flags().IntVarP(&f.clerks, "clerks", "c", 4, "clerks running operations at once")
	cmd.Flags().DurationVarP(&f.duration, "duration", "d", 5*time.Second, "how long to start operations for")
	cmd.Flags().IntVar(&f.ops, "ops", 0, "stop after this many operations (0: no limit)")
	cmd.Flags().IntVar(&f.keys, "keys", 10, "the number of keys")
	cmd.Flags().Float64Var(&f.gets, "gets", 0.5, "the share of gets; the rest are puts and appends, half each")
	cmd.Flags().IntVar(&f.size, "size", 8, "the bytes of a put's or an append's value")
	return cmd
}

// sample is one completed operation.
type sample struct {
	kind    string
	latency time.Duration
}

func load(f loadFlags, out io.Writer) error {
	if f.clerks < 1 || f.keys < 1 || f.gets < 0 || f.gets > 1 {
		return fmt.Errorf("cluster: load needs --clerks and --keys of at least 1, and --gets between 0 and 1")
	}
	c, err := connect(f.dir, f.clerks)
	if err != nil {
		return err
	}
	defer c.stop()

	// Everything below runs on the client's event loop, one callback at
	// a time, until every clerk has finished.
	var samples []sample
	finished := make(chan struct{}, f.clerks)
	begin := time.Now()
	end := begin.Add(f.duration)
	started := 0
	rng := rand.New(rand.NewPCG(uint64(begin.UnixNano()), 0))
	next := func() op {
		o := op{key: fmt.Sprintf("k%d", rng.IntN(f.keys))}
		switch r := rng.Float64(); {
		case r < f.gets:
			o.kind = "get"
		case r < f.gets+(1-f.gets)/2:
			o.kind = "put"
		default:
			o.kind = "append"
		}
		if o.kind != "get" {
			o.value = strings.Repeat(string(rune('a'+rng.IntN(26))), f.size)
		}
		return o
	}
	var loop func(ck clerk)
	loop = func(ck clerk) {
		if time.Now().After(end) || (f.ops > 0 && started >= f.ops) {
			finished <- struct{}{}
			return
		}
		started++
		o := next()
		call := time.Now()
		c.run(ck, o, func(string) {
			samples = append(samples, sample{kind: o.kind, latency: time.Since(call)})
			loop(ck)
		})
	}
	if err := c.node.Do(func(sim.Env) {
		for _, ck := range c.clerks {
			loop(ck)
		}
	}); err != nil {
		return err
	}
	wait := time.After(f.duration + 30*time.Second)
	for range f.clerks {
		select {
		case <-finished:
		case <-wait:
			return fmt.Errorf("cluster: the clerks' last operations did not complete within 30s of the end (is a majority of the servers up?)")
		case <-c.node.Done():
			return c.node.Wait()
		}
	}
	elapsed := time.Since(begin)
	var got []sample
	if err := c.node.Do(func(sim.Env) { got = slices.Clone(samples) }); err != nil {
		return err
	}
	report(out, got, elapsed, f.clerks)
	return nil
}

// report prints throughput and latency percentiles, in all and per kind.
func report(out io.Writer, samples []sample, elapsed time.Duration, clerks int) {
	fmt.Fprintf(out, "%d operations in %v by %d clerks: %.0f ops/s\n",
		len(samples), elapsed.Round(time.Millisecond), clerks, float64(len(samples))/elapsed.Seconds())
	line := func(name string, lat []time.Duration) {
		if len(lat) == 0 {
			return
		}
		slices.Sort(lat)
		fmt.Fprintf(out, "  %-7s %6d ops  p50 %-9v p90 %-9v p99 %-9v max %v\n", name, len(lat),
			percentile(lat, 0.50), percentile(lat, 0.90), percentile(lat, 0.99), lat[len(lat)-1].Round(time.Microsecond))
	}
	var all []time.Duration
	byKind := map[string][]time.Duration{}
	for _, s := range samples {
		all = append(all, s.latency)
		byKind[s.kind] = append(byKind[s.kind], s.latency)
	}
	line("all", all)
	for _, k := range []string{"get", "put", "append"} {
		line(k, byKind[k])
	}
}

// percentile returns the q-quantile of sorted, a nearest-rank percentile.
func percentile(sorted []time.Duration, q float64) time.Duration {
	i := int(float64(len(sorted))*q+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i].Round(time.Microsecond)
}
