package view

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ShiVizRegexp is the log-parsing expression on the first line of a
// ShiViz log: ShiViz's default, an event line followed by a line with the
// host and its vector clock.
const ShiVizRegexp = `(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`

// WriteShiViz writes the worlds of t as a log that ShiViz
// (https://bestchai.bitbucket.io/shiviz/) reads: its first line is the
// parsing expression (ShiVizRegexp), its second the delimiter of
// executions (empty unless the seed made several worlds; then a line
// "=== world N ===" starts each), then two lines per event at a node: the
// event as -events prints it, and the node's name with its vector clock,
// e.g.
//
//	0.001500s #12     s1       send      -> s2 paxos.Prepare{Seq:1 Ballot:3}
//	s1 {"s1":4,"s0":2}
//
// Each event at a node ticks the node's own entry by one; a delivery also
// takes, entry by entry, the larger of the node's clock and the clock of
// the send it came from. Events at no node (network changes, test
// callbacks) are left out, as ShiViz has no place for them.
func WriteShiViz(w io.Writer, t *Trace) error {
	var b strings.Builder
	b.WriteString(ShiVizRegexp + "\n")
	multi := len(t.Worlds) > 1
	if multi {
		b.WriteString(`=== world \d+ ===`)
	}
	b.WriteString("\n")
	for wi, world := range t.Worlds {
		if multi {
			fmt.Fprintf(&b, "=== world %d ===\n", wi+1)
		}
		n := len(world.Nodes)
		clocks := make([][]uint64, n)
		for i := range clocks {
			clocks[i] = make([]uint64, n)
		}
		sent := map[uint64][]uint64{} // clock of each send and duplicate
		for _, ev := range world.Events {
			if ev.Node < 0 || ev.Node >= n {
				continue
			}
			vc := clocks[ev.Node]
			if ev.Kind == "deliver" && ev.From != 0 {
				for i, c := range sent[ev.From] {
					vc[i] = max(vc[i], c)
				}
			}
			vc[ev.Node]++
			if ev.Kind == "send" || ev.Kind == "duplicate" {
				sent[ev.Index] = append([]uint64(nil), vc...)
			}
			b.WriteString(strings.ReplaceAll(ev.Text, "\n", " ") + "\n")
			name := world.Nodes[ev.Node].Name
			b.WriteString(name + " {" + strconv.Quote(name) + ":" + strconv.FormatUint(vc[ev.Node], 10))
			for i, c := range vc {
				if i != ev.Node && c > 0 {
					b.WriteString("," + strconv.Quote(world.Nodes[i].Name) + ":" + strconv.FormatUint(c, 10))
				}
			}
			b.WriteString("}\n")
			if b.Len() > 1<<20 {
				if _, err := io.WriteString(w, b.String()); err != nil {
					return fmt.Errorf("view: %w", err)
				}
				b.Reset()
			}
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("view: %w", err)
	}
	return nil
}
