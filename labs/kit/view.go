package kit

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/anishathalye/porcupine"

	"github.com/distlab/distlab/sim"
	"github.com/distlab/distlab/view"
)

// viewState records the worlds of a seed for -view, -trace-json and
// -shiviz, and writes the files when the seed's subtest ends.
type viewState struct {
	captures []*view.Capture
	ops      []view.Operation
	linear   *view.Linearizability
	opsWorld int // the capture the operations belong to
}

// viewing reports whether any of -view, -trace-json and -shiviz is set.
func viewing() bool { return *viewFlag != "" || *traceJSONFlag != "" || *shivizFlag != "" }

// checkViewFlags is parseFlags' check of the flags that write files.
func checkViewFlags(s settings) error {
	if viewing() && s.seed < 0 {
		return fmt.Errorf("kit: -view, -trace-json and -shiviz write the run of one seed: add -seed N (a failure's view line has it)")
	}
	return nil
}

// viewWorld starts recording w, a world of the seed's first run, for the
// files the flags ask for.
func (r *Run) viewWorld(w *sim.World) {
	if !viewing() || r.against != nil {
		return
	}
	if r.view == nil {
		r.view = &viewState{}
		r.t.Cleanup(r.writeView)
	}
	r.view.captures = append(r.view.captures, view.Record(w))
}

// viewLine is the line of a failure, under its replay line, with the
// command that writes the seed's page; "" for a test that runs no world.
func (r *Run) viewLine() string {
	if len(r.worlds) == 0 && len(r.compared) == 0 {
		return ""
	}
	return "\n    view:   " + ViewCommand(r.t.Name(), r.Seed) + scheduleArg() + r.searchArg()
}

// ViewCommand returns the command that writes the page of one seed's run,
// from the module's root: the replay command with -view FILE in place of
// -events, e.g.
//
//	go test ./labs/paxos -run '^TestKV$/^seed=4$' -seed 4 -view TestKV-seed4.html
func ViewCommand(name string, seed int64) string {
	file := strings.NewReplacer("/", "-", "=", "", " ", "_").Replace(topLevel(name)) + fmt.Sprintf("-seed%d.html", seed)
	return strings.TrimSuffix(ReplayCommand(name, seed), " -events") + " -view " + file
}

// viewHistory records the operations of a history checked for
// linearizability, and porcupine's verdict, for the page.
func (r *Run) viewHistory(model porcupine.Model, h *History, keepPending func(input any) bool) {
	if r.view == nil || len(r.view.captures) == 0 {
		return
	}
	v := r.view
	v.opsWorld = len(v.captures) - 1
	events := v.captures[v.opsWorld].Events()
	describe := func(in, out any) string {
		if model.DescribeOperation != nil {
			return model.DescribeOperation(in, out)
		}
		return fmt.Sprintf("%v -> %v", in, out)
	}
	v.ops = make([]view.Operation, len(h.ops))
	for i, op := range h.ops {
		o := view.Operation{Client: op.ClientId, Node: -1, Call: op.Call, Return: -1, Input: fmt.Sprintf("%+v", op.Input)}
		if h.done[i] {
			o.Return = op.Return
			o.Output = fmt.Sprintf("%+v", op.Output)
			o.Input = describe(op.Input, op.Output)
		}
		v.ops[i] = o
	}
	linkOperations(v.ops, events, v.captures[v.opsWorld])
	ops := h.operations(keepPending)
	res, info := porcupine.CheckOperationsVerbose(model, ops, LinearizabilityTimeout)
	v.linear = &view.Linearizability{OK: res == porcupine.Ok, FirstBad: -1}
	if res == porcupine.Illegal {
		v.linear.FirstBad = firstUnplaced(model, h, ops, info)
	}
}

// linkOperations finds each operation's client node (named c<client>),
// the event of the client during which it was called and returned, and
// the node whose reply it returned on.
func linkOperations(ops []view.Operation, events []view.Event, c *view.Capture) {
	names := map[string]int{}
	for _, n := range c.Nodes() {
		names[n.Name] = n.ID
	}
	for i := range ops {
		o := &ops[i]
		id, ok := names[fmt.Sprintf("c%d", o.Client)]
		if !ok {
			continue
		}
		o.Node = id
		o.CallEvent = handlerAt(events, id, o.Call)
		if o.Return >= 0 {
			o.ReturnEvent = handlerAt(events, id, o.Return)
			if e := eventAt(events, o.ReturnEvent); e != nil && e.Kind == "deliver" {
				o.Server = nameOf(c.Nodes(), e.Peer)
			}
		}
	}
}

// handlerAt returns the last event that ran node's code (start, timer,
// delivery) at virtual time t, or 0.
func handlerAt(events []view.Event, node int, t int64) uint64 {
	i, _ := slices.BinarySearchFunc(events, t+1, func(e view.Event, t int64) int {
		return int(min(max(e.Time-t, -1), 1))
	})
	for i--; i >= 0 && events[i].Time == t; i-- {
		e := events[i]
		if e.Node == node && (e.Kind == "start" || e.Kind == "timer" || e.Kind == "deliver") {
			return e.Index
		}
	}
	return 0
}

func eventAt(events []view.Event, index uint64) *view.Event {
	if index == 0 || index > uint64(len(events)) || events[index-1].Index != index {
		return nil
	}
	return &events[index-1]
}

func nameOf(nodes []view.Node, id int) string {
	if id >= 0 && id < len(nodes) {
		return nodes[id].Name
	}
	return ""
}

// firstUnplaced returns the index in h of the first operation that no
// order can place: in a partition of the history (a key, for KVModel)
// whose longest partial linearization leaves operations out, the
// operation left out that returned first.
func firstUnplaced(model porcupine.Model, h *History, ops []porcupine.Operation, info porcupine.LinearizationInfo) int {
	parts := [][]porcupine.Operation{ops}
	if model.Partition != nil {
		parts = model.Partition(ops)
	}
	var bad *porcupine.Operation
	for p, lins := range info.PartialLinearizations() {
		if p >= len(parts) {
			break
		}
		placed := map[int]bool{}
		for _, l := range lins {
			if len(l) > len(placed) {
				clear(placed)
				for _, id := range l {
					placed[id] = true
				}
			}
		}
		for id := range parts[p] {
			if op := &parts[p][id]; !placed[id] && (bad == nil || op.Return < bad.Return) {
				bad = op
			}
		}
	}
	if bad == nil {
		return -1
	}
	for i, op := range h.ops {
		if op.ClientId == bad.ClientId && op.Call == bad.Call {
			return i
		}
	}
	return -1
}

// written holds the files this test binary wrote, so that two seeds or
// tests never write one file in turn.
var written sync.Map // absolute path -> test name

// writeView writes the files the flags ask for, once the seed is over.
func (r *Run) writeView() {
	v := r.view
	t := &view.Trace{Version: view.Version, Test: r.t.Name(), Seed: r.Seed, Replay: ReplayCommand(r.t.Name(), r.Seed)}
	if r.out != nil && r.out.first != nil {
		t.Failure = r.out.first.message
	}
	page := ""
	if r.out != nil && r.out.first != nil {
		page = r.out.first.porcupine
	}
	for i, c := range v.captures {
		w := c.Finish()
		if i == v.opsWorld && v.linear != nil {
			w.Ops, w.Linear = v.ops, v.linear
			w.Linear.Page = page
		}
		t.Worlds = append(t.Worlds, w)
	}
	for _, out := range []struct {
		flag, file string
		write      func(io.Writer, *view.Trace) error
	}{
		{"-view", *viewFlag, view.WriteHTML},
		{"-trace-json", *traceJSONFlag, view.WriteJSON},
		{"-shiviz", *shivizFlag, view.WriteShiViz},
	} {
		if out.file == "" {
			continue
		}
		path := fromRoot(out.file)
		if other, dup := written.LoadOrStore(path, r.t.Name()); dup {
			r.t.Errorf("kit: %s %s: %s wrote this file already; pick one test with -run", out.flag, out.file, other)
			continue
		}
		if err := view.WriteFile(path, t, out.write); err != nil {
			r.t.Errorf("kit: %s: %v", out.flag, err)
			continue
		}
		fmt.Printf("=== %s of %s: wrote %s\n", out.flag[1:], r.t.Name(), path)
	}
}

// fromRoot resolves a relative file name against the module root, where
// replay commands run (a test binary runs in its package's directory).
func fromRoot(file string) string {
	if filepath.IsAbs(file) {
		return file
	}
	dir, err := os.Getwd()
	if err != nil {
		return file
	}
	root := dir
	if rel := packagePath(); rel != "." {
		root = filepath.Clean(filepath.Join(dir, strings.Repeat("../", strings.Count(rel, "/"))))
	}
	return filepath.Join(root, file)
}
