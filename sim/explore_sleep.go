// Sleep sets: BFS does not take a choice from a state when taking it
// there is sure to lead only to states that another schedule of the same
// length reaches, because the choice commutes with the one taken last.

package sim

// independent reports whether choices a and b of a state commute: taking
// a then b reaches the same state as b then a. Two local choices (see
// local) of different nodes do. Each runs the code of its own node only,
// which reads and writes that node's state and no other; neither moves
// the clock; and what each sends or schedules is listed among the choices
// by receiver, sender and sending order, so both orders enable the same
// choices in the same order. Nothing else is taken as independent: a
// timer due later moves the clock, which the other event would then see;
// a World callback may reach any node; and a fault changes the budgets
// and the choices left.
func independent(a, b choice) bool {
	return local(a) && local(b) && a.node != b.node
}

// local reports whether choice c runs one node's code without moving the
// clock: a delivery, or a node's timer that is already due.
func local(c choice) bool {
	return c.kind == chDeliver || c.kind == chTimer && c.node != NoNode && c.still
}

// asleep reports whether choice c is in sleep set z. An event keeps its
// sequence number along every schedule that extends the one that queued
// it, which is what a sleep set is handed down; a sleeping timer stays
// due, since only a choice that is not local, which wakes every choice,
// moves the clock.
func asleep(z []choice, c choice) bool {
	if !local(c) {
		return false
	}
	for _, s := range z {
		if s.seq == c.seq {
			return true
		}
	}
	return false
}

// childSleep returns the sleep set of the state that choice c leads to,
// from a state with sleep set z where the choices in taken were taken
// before c: those of them that commute with c. A schedule that takes one
// of them after c reaches a state that the schedule taking it before c
// reaches as well, with as many choices, and earlier in BFS's order.
func childSleep(z, taken []choice, c choice) []choice {
	if !local(c) {
		return nil
	}
	var out []choice
	for _, set := range [2][]choice{z, taken} {
		for _, s := range set {
			if independent(s, c) {
				out = append(out, s)
			}
		}
	}
	return out
}

// firstAwake returns the index of the first choice of choices that is not
// in sleep set z, or -1.
func firstAwake(choices, z []choice) int {
	for i, c := range choices {
		if !asleep(z, c) {
			return i
		}
	}
	return -1
}
