package view

// Version is the version of the trace schema (SCHEMA.md). It changes when
// a field changes meaning or goes away; new fields keep it.
const Version = 1

// Trace is one seed of one test: every world the seed made, and how the
// seed failed. It is what the JSON export writes, and what the HTML page
// embeds. SCHEMA.md documents every field.
type Trace struct {
	Version int     `json:"version"`
	Test    string  `json:"test,omitempty"`    // the subtest, "TestKVPartitions/seed=4"
	Seed    int64   `json:"seed"`              // the seed
	Failure string  `json:"failure,omitempty"` // the failure as the test printed it; "" if it passed
	Replay  string  `json:"replay,omitempty"`  // the command that replays the seed
	Worlds  []World `json:"worlds"`            // in the order the seed made them
}

// World is one simulated run.
type World struct {
	Network     string           `json:"network"`     // the network's parameters, as failures print them
	Fingerprint string           `json:"fingerprint"` // 16 hex digits
	End         int64            `json:"end_ns"`      // virtual time at the end, in nanoseconds
	Nodes       []Node           `json:"nodes"`
	Events      []Event          `json:"events"`
	States      []StateChange    `json:"states,omitempty"`
	Partitions  []Span           `json:"partitions,omitempty"`
	Broken      *Broken          `json:"broken,omitempty"`
	Ops         []Operation      `json:"ops,omitempty"`
	Linear      *Linearizability `json:"linearizability,omitempty"`
}

// Node is one node of a world: its id (the index in World.Nodes) and name.
type Node struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// Event is one event of a run.
type Event struct {
	Index  uint64 `json:"i"`                // position in the run, from 1
	Time   int64  `json:"t"`                // virtual time in nanoseconds
	Kind   string `json:"kind"`             // start, send, deliver, drop, duplicate, timer, crash, restart, pause, resume, network, custom, world
	Node   int    `json:"node"`             // where it happened; -1 for none
	Peer   int    `json:"peer"`             // the other end of a message; -1 for none
	Type   string `json:"type,omitempty"`   // the Go type of the message or custom value, "paxos.Prepare"
	Msg    string `json:"msg,omitempty"`    // the message or custom value, as traces print it
	Detail string `json:"detail,omitempty"` // drop cause (loss, cut, down, restarted), network change
	Text   string `json:"text"`             // the line -events prints for it
	From   uint64 `json:"from,omitempty"`   // deliver, drop, duplicate: the send (or duplicate) whose copy this is
}

// StateChange is what one event changed in one node's state: the fields
// of the node value (unexported ones too) and of its storage, flattened to
// paths (see sim.FlattenState).
type StateChange struct {
	Event   uint64        `json:"event"`           // the handler event (start, deliver, timer) or crash
	Node    int           `json:"node"`            // the node
	Reset   bool          `json:"reset,omitempty"` // forget every earlier field first: a (re)start or a crash
	Down    bool          `json:"down,omitempty"`  // the node crashed: it has no state but its storage
	Changes []FieldChange `json:"changes,omitempty"`
}

// FieldChange is one field that an event added, changed or removed.
type FieldChange struct {
	Path string `json:"path"`
	Old  string `json:"old,omitempty"`  // "" when the field is new
	New  string `json:"new,omitempty"`  // "" when Gone
	Gone bool   `json:"gone,omitempty"` // the field went away
}

// Span is a stretch of virtual time, [Start, End), during which some link
// was cut; Detail is the network change that began it.
type Span struct {
	Start  int64  `json:"start_ns"`
	End    int64  `json:"end_ns"`
	Event  uint64 `json:"event"` // the network event that began it
	Detail string `json:"detail"`
}

// Broken is the invariant that broke, at the event where it did.
type Broken struct {
	Event   uint64 `json:"event"` // 0: it broke after the last event (a check at the end)
	Message string `json:"message"`
}

// Operation is one operation a client of a key/value test performed.
type Operation struct {
	Client      int    `json:"client"`           // porcupine's client id
	Node        int    `json:"node"`             // the client's node, -1 if none is named c<client>
	Call        int64  `json:"call_ns"`          // virtual time of the call
	Return      int64  `json:"return_ns"`        // virtual time of the return; -1: it never returned
	Input       string `json:"input"`            // "put(x, 1.3;)"
	Output      string `json:"output,omitempty"` // "1.3;"
	CallEvent   uint64 `json:"call_event,omitempty"`
	ReturnEvent uint64 `json:"return_event,omitempty"`
	Server      string `json:"server,omitempty"` // the node whose reply completed it
}

// Linearizability is porcupine's verdict on the operations.
type Linearizability struct {
	OK       bool   `json:"ok"`
	FirstBad int    `json:"first_bad"`      // index in Ops of the first operation no order can place; -1 if none
	Page     string `json:"page,omitempty"` // porcupine's own page of the failure
}
