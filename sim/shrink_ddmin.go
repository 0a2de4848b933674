package sim

import "slices"

// DefaultShrinkTries bounds the candidate runs of ShrinkFaults.
const DefaultShrinkTries = 300

// ShrinkFaults makes the fault plans of a failing run smaller (one plan per
// world the run made, in order): it leaves faults out by delta debugging
// (ddmin: halves of the fault list, then quarters, ... down to single
// faults), keeping each smaller list for which fails still reports the
// same failure, then shortens every delay by halves while it does. fails
// runs a candidate (deterministically: the same plans must fail the same
// way every time); it is called at most tries times (0:
// DefaultShrinkTries). ShrinkFaults returns the smallest plans found and
// the number of candidates run.
func ShrinkFaults(plans []FaultPlan, tries int, fails func([]FaultPlan) bool) ([]FaultPlan, int) {
	if tries <= 0 {
		tries = DefaultShrinkTries
	}
	ran := 0
	try := func(c []FaultPlan) bool {
		if ran >= tries {
			return false
		}
		ran++
		return fails(c)
	}
	shift := 0
	if len(plans) > 0 {
		shift = plans[0].DelayShift
	}
	all := flatten(plans)
	build := func(items []faultItem, shift int) []FaultPlan { return unflatten(len(plans), items, shift) }
	items := ddmin(all, func(c []faultItem) bool { return try(build(c, shift)) })
	for s := shift + 1; s <= 30 && ran < tries; s++ {
		if !try(build(items, s)) {
			break
		}
		shift = s
	}
	return build(items, shift), ran
}

// faultItem is one fault of a list of plans.
type faultItem struct {
	world, kind, ord int // kind: 0 lose, 1 dup, 2 crash, 3 pause, 4 net
}

func planFaults(p *FaultPlan) [5]*[]int {
	return [5]*[]int{&p.Lose, &p.Duplicate, &p.Crash, &p.Pause, &p.Net}
}

func flatten(plans []FaultPlan) []faultItem {
	var items []faultItem
	for w := range plans {
		for k, ords := range planFaults(&plans[w]) {
			for _, o := range *ords {
				items = append(items, faultItem{w, k, o})
			}
		}
	}
	return items
}

func unflatten(n int, items []faultItem, shift int) []FaultPlan {
	plans := make([]FaultPlan, n)
	for i := range plans {
		plans[i].DelayShift = shift
	}
	for _, it := range items {
		ords := planFaults(&plans[it.world])[it.kind]
		*ords = append(*ords, it.ord)
	}
	for i := range plans {
		for _, ords := range planFaults(&plans[i]) {
			slices.Sort(*ords)
		}
	}
	return plans
}

// ddmin returns a 1-minimal sublist of items for which fails holds
// (Zeller's delta debugging), assuming it holds for items: it tries each
// of n chunks alone and each complement, doubling n when neither fails.
func ddmin[T any](items []T, fails func([]T) bool) []T {
	if len(items) > 0 && fails(nil) {
		return nil
	}
	n := 2
	for len(items) >= 2 {
		chunks := split(items, n)
		reduced := false
		for i := range chunks {
			if fails(chunks[i]) {
				items, n, reduced = chunks[i], 2, true
				break
			}
		}
		if !reduced && n > 2 {
			for i := range chunks {
				rest := complement(chunks, i)
				if fails(rest) {
					items, n, reduced = rest, max(n-1, 2), true
					break
				}
			}
		}
		if !reduced {
			if n >= len(items) {
				break
			}
			n = min(2*n, len(items))
		}
	}
	return items
}

// split cuts items into n chunks of nearly equal size.
func split[T any](items []T, n int) [][]T {
	var out [][]T
	start := 0
	for i := range n {
		end := start + (len(items)-start)/(n-i)
		out = append(out, items[start:end:end])
		start = end
	}
	return out
}

func complement[T any](chunks [][]T, skip int) []T {
	var out []T
	for i, c := range chunks {
		if i != skip {
			out = append(out, c...)
		}
	}
	return out
}
