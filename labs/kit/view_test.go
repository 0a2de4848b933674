package kit

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/internal/browser"
	"github.com/distlab/distlab/sim"
	"github.com/distlab/distlab/view"
)

// A key/value service that is not linearizable: two servers that never
// talk to each other, and clients that ask either.

type viewKVReq struct {
	ID    int
	In    KVInput
	Reply bool
}

type kvResp struct {
	ID    int
	Value string
}

type unreplicated struct{ data map[string]string }

func (s *unreplicated) Start(sim.Env) { s.data = map[string]string{} }

func (s *unreplicated) Receive(env sim.Env, from sim.NodeID, msg any) {
	r := msg.(viewKVReq)
	switch r.In.Op {
	case Put:
		s.data[r.In.Key] = r.In.Value
	case Append:
		s.data[r.In.Key] += r.In.Value
	}
	env.Send(from, kvResp{ID: r.ID, Value: s.data[r.In.Key]})
}

type kvTestClient struct {
	h       *History
	index   int
	servers []sim.NodeID
	env     sim.Env
	op, n   int
}

func (c *kvTestClient) Start(env sim.Env) {
	c.env = env
	env.After(time.Millisecond, c.next)
}

func (c *kvTestClient) next() {
	if c.n == 6 {
		return
	}
	c.n++
	in := KVInput{Op: Get, Key: "k"}
	if c.env.Rand().IntN(2) == 0 {
		in = KVInput{Op: Append, Key: "k", Value: string(rune('a' + c.index))}
	}
	c.op = c.h.Call(c.index, in, c.env.Now())
	c.env.Send(c.servers[c.env.Rand().IntN(len(c.servers))], viewKVReq{ID: c.n, In: in})
}

func (c *kvTestClient) Receive(env sim.Env, from sim.NodeID, msg any) {
	r := msg.(kvResp)
	if r.ID != c.n {
		return
	}
	c.h.Return(c.op, KVOutput{Value: r.Value}, env.Now())
	env.After(time.Millisecond, c.next)
}

// viewScenario is the sweep TestHelperSweep runs for "kv": the
// linearizability check fails.
func viewScenario(r *Run) {
	w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 3 * time.Millisecond}})
	h := &History{}
	w.AllowShared(h) // the clients record into one history, as test code
	servers := []sim.NodeID{0, 1}
	w.MustAddNode("s0", func() sim.Node { return &unreplicated{} })
	w.MustAddNode("s1", func() sim.Node { return &unreplicated{} })
	for i := range 3 {
		w.MustAddNode("c"+string(rune('0'+i)), func() sim.Node {
			return &kvTestClient{h: h, index: i, servers: append([]sim.NodeID(nil), servers...)}
		})
	}
	r.Check(w.Run(time.Second))
	r.CheckKV(h)
}

// TestViewOfAFailingSeed runs a failing key/value sweep with -view,
// -trace-json and -shiviz, checks the failure names the view command and
// the files hold the run, then loads the page in a browser.
func TestViewOfAFailingSeed(t *testing.T) {
	dir := t.TempDir()
	page, trace, shiviz := filepath.Join(dir, "run.html"), filepath.Join(dir, "run.json"), filepath.Join(dir, "run.shiviz")
	out := runHelper(t, "kv", "-seed=1", "-view="+page, "-trace-json="+trace, "-shiviz="+shiviz, "-porcupine-dir="+dir)
	assert.Contains(t, out, "LINEARIZABILITY violated")
	assert.Regexp(t, regexp.QuoteMeta("replay: go test ./labs/kit -run '^TestHelperSweep$/^seed=1$' -seed 1 -events")+`\n\s+`+
		regexp.QuoteMeta("view:   go test ./labs/kit -run '^TestHelperSweep$/^seed=1$' -seed 1 -view TestHelperSweep-seed1.html")+`\n`, out,
		"the view command is under the replay line")
	assert.Contains(t, out, "=== view of TestHelperSweep/seed=1: wrote "+page)

	f, err := os.Open(trace)
	require.NoError(t, err)
	defer f.Close()
	tr, err := view.ReadJSON(f)
	require.NoError(t, err)
	assert.Equal(t, "TestHelperSweep/seed=1", tr.Test)
	assert.Contains(t, tr.Failure, "LINEARIZABILITY violated")
	require.Len(t, tr.Worlds, 1, "the replay check's second run is not recorded")
	w := tr.Worlds[0]
	require.NotNil(t, w.Linear)
	assert.False(t, w.Linear.OK)
	require.GreaterOrEqual(t, w.Linear.FirstBad, 0, "porcupine's verdict names an operation")
	assert.True(t, strings.HasPrefix(w.Linear.Page, dir), "porcupine's page is linked: %q", w.Linear.Page)
	require.Len(t, w.Ops, 18)
	for _, o := range w.Ops {
		assert.Equal(t, "c"+string(rune('0'+o.Client)), w.Nodes[o.Node].Name, "the operation's lane is its client's")
		require.NotZero(t, o.CallEvent)
		assert.Equal(t, o.Node, w.Events[o.CallEvent-1].Node, "called in a handler of its client")
		if o.Return >= 0 {
			assert.Equal(t, "deliver", w.Events[o.ReturnEvent-1].Kind, "returned on a reply")
			assert.Contains(t, []string{"s0", "s1"}, o.Server)
		}
	}
	log, err := os.ReadFile(shiviz)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(log), view.ShiVizRegexp+"\n\n"), "the ShiViz log starts with its parsing expression")

	p := browser.Open(t, "file://"+page, 30*time.Second)
	p.Do(t, chromedp.WaitVisible("#list .row"))
	type drawn struct {
		Ops    int `json:"ops"`
		Arrows int `json:"arrows"`
	}
	got := browser.Eval[drawn](t, p, "window.viewer.last")
	assert.Equal(t, len(w.Ops), got.Ops, "a bar per operation")
	verdict := browser.Eval[string](t, p, `document.getElementById("verdict").textContent`)
	assert.Contains(t, verdict, "not linearizable")
	assert.Contains(t, verdict, "First operation no order can place: client")
	assert.Contains(t, verdict, "porcupine's page")
	type row struct {
		Pos  int    `json:"pos"`
		Text string `json:"text"`
	}
	rows := browser.Eval[[]row](t, p, `Array.from(document.querySelectorAll("#rows .row")).map(r => ({pos: Number(r.dataset.pos), text: r.textContent}))`)
	require.NotEmpty(t, rows)
	for _, r := range rows {
		assert.Equal(t, w.Events[r.Pos].Text, r.Text, "row %d shows the event's -events line", r.Pos)
	}
	assert.Empty(t, p.Errors(), "JavaScript errors")
}
