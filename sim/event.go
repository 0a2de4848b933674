package sim

import (
	"fmt"
	"time"
)

// Kind is the kind of an Event.
type Kind uint8

// The kinds of events a world reports to observers, folds into its
// fingerprint and writes to its trace.
const (
	KindStart     Kind = iota + 1 // a node boots (first start or restart); its Start runs right after
	KindSend                      // Node sent Msg to Peer
	KindDeliver                   // Msg from Peer arrived at Node
	KindDrop                      // Msg from Node to Peer was lost; Detail says why
	KindDuplicate                 // the network made a second copy of Msg from Node to Peer
	KindTimer                     // a timer of Node fired
	KindCrash                     // Node crashed: its timers and in-flight messages are gone
	KindRestart                   // Node was rebuilt from its factory; Start follows
	KindPause                     // Node froze: its events wait until it resumes
	KindResume                    // Node resumed
	KindNetwork                   // links or network parameters changed; Detail says how
	KindCustom                    // Node emitted Msg with Env.Emit
	KindLog                       // Node logged Detail with Env.Logf (trace only)
	KindWorld                     // a callback scheduled with World.At ran
)

var kindNames = [...]string{
	KindStart:     "start",
	KindSend:      "send",
	KindDeliver:   "deliver",
	KindDrop:      "drop",
	KindDuplicate: "duplicate",
	KindTimer:     "timer",
	KindCrash:     "crash",
	KindRestart:   "restart",
	KindPause:     "pause",
	KindResume:    "resume",
	KindNetwork:   "network",
	KindCustom:    "custom",
	KindLog:       "log",
	KindWorld:     "world",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseKind returns the Kind named s (as printed by Kind.String).
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if name != "" && name == s {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("sim: unknown event kind %q (want one of start, send, deliver, drop, duplicate, timer, crash, restart, pause, resume, network, custom, log, world)", s)
}

// Drop reasons, as found in Event.Detail of a KindDrop event.
const (
	DropLoss      = "loss"      // the network lost it at random
	DropCut       = "cut"       // the link from sender to receiver was cut
	DropDown      = "down"      // the receiver was down when it arrived
	DropRestarted = "restarted" // the receiver crashed and restarted while it was in flight, or crashed while paused and holding it
)

// Event is one step of a run, as observers, the trace and the fingerprint
// see it.
type Event struct {
	Index  uint64        // position in the run, from 1
	Time   time.Duration // virtual time
	Kind   Kind
	Node   NodeID // where it happened: sender, receiver, timer owner; NoNode for world-wide events
	Peer   NodeID // the other end of a message, else NoNode
	Msg    any    // the message, or the value of a custom event
	Detail string // drop reason, network change, log text
}

// FormatTime prints a virtual time as seconds with microsecond precision,
// the way traces and failure messages show it.
func FormatTime(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	us := d / time.Microsecond
	return fmt.Sprintf("%s%d.%06ds", sign, us/1_000_000, us%1_000_000)
}
