package view

import (
	"fmt"
	"strings"
	"time"

	"github.com/distlab/distlab/sim"
)

// The trace as the page embeds it: the same content as the JSON trace,
// laid out in columns, without what the page can work out itself (each
// event's message, which its text shows, and each change's old value,
// which the page's rebuilt state holds), so that a run of 200,000 events
// parses quickly. The script turns it back into Trace's shape.

type pageTrace struct {
	Test    string      `json:"test,omitempty"`
	Seed    int64       `json:"seed"`
	Failure string      `json:"failure,omitempty"`
	Worlds  []pageWorld `json:"worlds"`
}

type pageWorld struct {
	Network    string           `json:"network"`
	End        int64            `json:"end_ns"`
	Nodes      []Node           `json:"nodes"`
	Partitions []Span           `json:"partitions,omitempty"`
	Broken     *Broken          `json:"broken,omitempty"`
	Ops        []Operation      `json:"ops,omitempty"`
	Linear     *Linearizability `json:"linearizability,omitempty"`

	Strings []string  `json:"strings"` // kinds, types and details, by index
	Events  pageEvent `json:"ev"`
	States  [][]any   `json:"st"` // [event, node, flags (1 reset, 2 down), path, new, path, new, ..., -1, gone path, ...]
}

// pageEvent holds the events column by column.
type pageEvent struct {
	Index  []uint64 `json:"i"`
	Time   []int64  `json:"t"`
	Kind   []int    `json:"k"` // index in Strings
	Node   []int    `json:"n"`
	Peer   []int    `json:"p"`
	From   []uint64 `json:"f"`
	Type   []int    `json:"y"` // index in Strings, -1 for none
	Detail []int    `json:"d"` // index in Strings, -1 for none
	Msg    []int    `json:"m"` // index in Strings, -1 for none

	// Text holds the -events lines that the page cannot rebuild from the
	// columns as line does, by position; the others are left out.
	Text map[int]string `json:"x,omitempty"`
}

// line rebuilds an event's -events line from its parts, as the page's
// script does (see sim.World.FormatEvent).
func line(ev Event, nodes []Node) string {
	name := func(id int) string {
		if id >= 0 && id < len(nodes) {
			return nodes[id].Name
		}
		return "-"
	}
	var rest string
	switch ev.Kind {
	case "send", "duplicate":
		rest = "-> " + name(ev.Peer) + " " + ev.Msg
	case "deliver":
		rest = "<- " + name(ev.Peer) + " " + ev.Msg
	case "drop":
		rest = "-> " + name(ev.Peer) + " (" + ev.Detail + ") " + ev.Msg
	case "custom":
		rest = ev.Msg
	default:
		rest = ev.Detail
	}
	return strings.TrimRight(fmt.Sprintf("%12s #%-6d %-8s %-9s %s", sim.FormatTime(time.Duration(ev.Time)), ev.Index, name(ev.Node), ev.Kind, rest), " ")
}

func toPage(t *Trace) *pageTrace {
	p := &pageTrace{Test: t.Test, Seed: t.Seed, Failure: t.Failure, Worlds: []pageWorld{}}
	for _, w := range t.Worlds {
		pw := pageWorld{Network: w.Network, End: w.End, Nodes: w.Nodes, Partitions: w.Partitions,
			Broken: w.Broken, Ops: w.Ops, Linear: w.Linear, States: [][]any{}}
		ids := map[string]int{}
		str := func(s string) int {
			if s == "" {
				return -1
			}
			i, ok := ids[s]
			if !ok {
				i = len(pw.Strings)
				ids[s] = i
				pw.Strings = append(pw.Strings, s)
			}
			return i
		}
		n := len(w.Events)
		e := pageEvent{Index: make([]uint64, n), Time: make([]int64, n), Kind: make([]int, n), Node: make([]int, n),
			Peer: make([]int, n), From: make([]uint64, n), Type: make([]int, n), Detail: make([]int, n), Msg: make([]int, n)}
		for i, ev := range w.Events {
			e.Index[i], e.Time[i], e.Kind[i], e.Node[i], e.Peer[i] = ev.Index, ev.Time, str(ev.Kind), ev.Node, ev.Peer
			e.From[i], e.Type[i], e.Detail[i], e.Msg[i] = ev.From, str(ev.Type), str(ev.Detail), str(ev.Msg)
			if ev.Text != line(ev, w.Nodes) {
				if e.Text == nil {
					e.Text = map[int]string{}
				}
				e.Text[i] = ev.Text
			}
		}
		pw.Events = e
		for _, s := range w.States {
			flags := 0
			if s.Reset {
				flags |= 1
			}
			if s.Down {
				flags |= 2
			}
			row := []any{s.Event, s.Node, flags}
			var gone []any
			for _, c := range s.Changes {
				if c.Gone {
					gone = append(gone, c.Path)
				} else {
					row = append(row, c.Path, c.New)
				}
			}
			if gone != nil {
				row = append(append(row, -1), gone...)
			}
			pw.States = append(pw.States, row)
		}
		p.Worlds = append(p.Worlds, pw)
	}
	return p
}
