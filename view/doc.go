// Package view records a simulated run and writes it for people and for
// tools: a self-contained HTML page (the run viewer), a JSON trace with a
// documented schema (SCHEMA.md), and a ShiViz log with vector clocks.
//
// # Recording
//
// Record observes a world from its first event:
//
//	w, _ := sim.New(sim.Options{Seed: 4})
//	c := view.Record(w) // before the test's own observers
//	... add nodes, run ...
//	t := &view.Trace{Version: view.Version, Seed: 4, Worlds: []view.World{c.Finish()}}
//	view.WriteFile("run.html", t, view.WriteHTML)
//
// The lab kit does this for every world of a seed when a lab test runs
// with -view FILE, -trace-json FILE or -shiviz FILE (and grader replay
// with --view, --trace-json, --shiviz), adding the failure, the clients'
// operations and porcupine's verdict.
//
// A capture keeps every event as observers see it, with the line -events
// prints for it (Env.Logf lines are trace-only and not among them). It
// pairs each delivery and drop with the send it is a copy of: the oldest
// copy still in flight of an equal message (same sender, receiver and
// printed value), or, for a message lost or cut as it was sent, that send.
// Copies that print the same are interchangeable, so the pairing can swap
// two equal messages that overtook each other, never change what arrived.
//
// # State at each step
//
// After each event that runs a node's code (its start, a timer, a
// delivery) has finished, the capture flattens the node value with
// sim.FlattenState (every field, unexported ones too, through pointers,
// maps in key order, slices) and the node's storage ("storage[key]"), and
// keeps what changed since the node's last snapshot: the fields added,
// changed (with the old value) and gone. A crash marks the node down; its
// next start begins afresh. The page rebuilds a node's state at any event
// from these changes.
//
// # The page
//
// WriteHTML embeds the trace and the viewer's script and style (assets/,
// compiled in with go:embed) in one file that needs no network: a
// space-time diagram drawn on a canvas (a lane per node, virtual time,
// an arrow per delivery, marks for drops by cause, duplicates, timers,
// crashes, restarts, pauses and custom events, bands for partitions, a
// line at the broken invariant), a virtualized event list with filters,
// search and stepping, linked both ways with the diagram, the selected
// node's state with the event's changes, and the clients' operations with
// porcupine's verdict. Only what is on screen is drawn, so a run of
// 200,000 events stays smooth. The page exposes what it drew last as
// window.viewer.last, which the browser tests check against the trace.
package view
