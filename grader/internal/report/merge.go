package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/distlab/distlab/grader/internal/shard"
)

// Merge combines the reports of every shard of one run, 1/N to N/N, into
// the report of the whole run. It checks that the shards are all there,
// once each, and were run with the same settings.
func Merge(reports []*Report) (*Report, error) {
	if len(reports) == 0 {
		return nil, fmt.Errorf("report: nothing to merge")
	}
	first := reports[0]
	s0, err := shard.Parse(first.Shard)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	n := s0.N
	seen := make([]bool, n+1)
	for _, r := range reports {
		s, err := shard.Parse(r.Shard)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		switch {
		case s.N != n:
			return nil, fmt.Errorf("report: shard %s and shard %s come from different splits", first.Shard, r.Shard)
		case seen[s.K]:
			return nil, fmt.Errorf("report: shard %s appears twice", s)
		case settings(r) != settings(first):
			return nil, fmt.Errorf("report: shard %s was run with other settings than shard %s (command, seeds, salt, race or submission differ)", s, first.Shard)
		}
		seen[s.K] = true
	}
	var missing []string
	for k := 1; k <= n; k++ {
		if !seen[k] {
			missing = append(missing, shard.Shard{K: k, N: n}.String())
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("report: missing shard %s", strings.Join(missing, ", "))
	}

	out := *first
	out.Shard = ""
	out.Labs = nil
	out.Notes = nil
	out.Complete = true
	labs := map[string]*Lab{}
	tests := map[string]bool{}
	for _, r := range reports {
		if r.Started.Before(out.Started) {
			out.Started = r.Started
		}
		out.Wall = max(out.Wall, r.Wall) // shards run side by side
		out.Complete = out.Complete && r.Complete
		for _, note := range r.Notes {
			if !slices.Contains(out.Notes, note) {
				out.Notes = append(out.Notes, note)
			}
		}
		for _, l := range r.Labs {
			m, ok := labs[l.Name]
			if !ok {
				m = &Lab{Name: l.Name, Number: l.Number, Package: l.Package, Student: l.Student}
				labs[l.Name] = m
				out.Labs = append(out.Labs, m)
			}
			if m.BuildError == "" {
				m.BuildError = l.BuildError
			}
			for _, v := range l.Imports {
				if !slices.Contains(m.Imports, v) {
					m.Imports = append(m.Imports, v)
				}
			}
			for _, t := range l.Tests {
				id := l.Name + "/" + t.Name
				if tests[id] {
					return nil, fmt.Errorf("report: %s is in more than one shard", id)
				}
				tests[id] = true
				m.Tests = append(m.Tests, t)
			}
		}
	}
	// Labs in the official tree's order (by name, as the grader finds
	// them), tests in the order of the whole selection.
	slices.SortFunc(out.Labs, func(a, b *Lab) int { return cmp.Or(a.Number-b.Number, strings.Compare(a.Name, b.Name)) })
	for _, l := range out.Labs {
		slices.SortFunc(l.Tests, func(a, b *Test) int { return a.Index - b.Index })
	}
	return &out, nil
}

// settings are what the shards of one run share.
func settings(r *Report) [6]any {
	seed := int64(-1)
	if r.Seed != nil {
		seed = *r.Seed
	}
	return [6]any{r.Command, r.Seeds, r.Salted, r.Race, seed, r.Submission}
}
