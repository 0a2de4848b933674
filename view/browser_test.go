package view_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/internal/browser"
	"github.com/distlab/distlab/view"
)

// drawn is what the page says it drew, window.viewer.last.
type drawn struct {
	Arrows     int            `json:"arrows"`
	Drops      int            `json:"drops"`
	Marks      map[string]int `json:"marks"`
	Partitions int            `json:"partitions"`
	Ops        int            `json:"ops"`
	Broken     int            `json:"broken"`
	Lanes      int            `json:"lanes"`
}

// TestPageInBrowser loads the page of a failing run in headless Chromium
// and checks what it draws against the trace, clicks an event in the list
// and reads its node's state, and checks the page threw no errors.
func TestPageInBrowser(t *testing.T) {
	tr, err := scenario(3)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "run.html")
	require.NoError(t, view.WriteFile(file, tr, view.WriteHTML))

	p := browser.Open(t, "file://"+file, 30*time.Second)
	p.Do(t, chromedp.WaitVisible("#list .row"))
	w := tr.Worlds[0]
	count := map[string]int{}
	for _, e := range w.Events {
		count[e.Kind]++
	}

	got := browser.Eval[drawn](t, p, "window.viewer.last")
	assert.Equal(t, len(w.Nodes), got.Lanes, "a lane per node")
	assert.Equal(t, len(w.Nodes), browser.Eval[int](t, p, `document.querySelectorAll(".lane-label").length`))
	assert.Equal(t, count["deliver"], got.Arrows, "an arrow per delivery")
	assert.Equal(t, count["drop"], got.Drops, "a mark per drop")
	for _, k := range []string{"custom", "timer", "crash", "restart", "pause", "resume", "duplicate", "network", "start"} {
		assert.Equal(t, count[k], got.Marks[k], "marks of kind %s", k)
	}
	assert.Equal(t, len(w.Partitions), got.Partitions, "a band per partition")
	assert.Equal(t, 1, got.Broken, "the broken invariant is marked")
	require.NotNil(t, w.Broken)
	assert.EqualValues(t, w.Broken.Event, browser.Eval[int](t, p, "window.viewer.selected"), "the page opens at the event that broke the invariant")
	assert.Contains(t, browser.Eval[string](t, p, `document.getElementById("failure").textContent`), "counter reached 15")

	// The list shows the -events text, and clicking a row shows the state of
	// its node after it.
	type row struct {
		Pos  int    `json:"pos"`
		Text string `json:"text"`
	}
	rows := browser.Eval[[]row](t, p, `Array.from(document.querySelectorAll("#rows .row")).map(r => ({pos: Number(r.dataset.pos), text: r.textContent}))`)
	require.NotEmpty(t, rows)
	for _, r := range rows {
		assert.Equal(t, w.Events[r.Pos].Text, r.Text, "row %d shows the event's -events line", r.Pos)
	}
	browser.Eval[bool](t, p, `(() => { document.getElementById("list").scrollTop = 0; return true; })()`)
	var timer view.Event // a's first timer: its count goes 0 -> 1
	for _, e := range w.Events {
		if e.Kind == "timer" && e.Node == 0 {
			timer = e
			break
		}
	}
	p.Do(t, chromedp.Click(`#rows .row[data-pos="`+itoa(int(timer.Index-1))+`"]`))
	if file := os.Getenv("VIEW_SCREENSHOT"); file != "" {
		png, err := chromedp.Run(p.Ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(file, png, 0o644))
	}
	assert.EqualValues(t, timer.Index, browser.Eval[int](t, p, "window.viewer.selected"))
	assert.Contains(t, browser.Eval[string](t, p, `document.getElementById("statehead").textContent`), "a after #"+itoa(int(timer.Index))+" (changed by this event)")
	changed := browser.Eval[[]string](t, p, `Array.from(document.querySelectorAll("#state tr.changed")).map(r => r.textContent)`)
	assert.Contains(t, changed, "count1  (was 0)", "the field the timer changed, with its old value")
	assert.Contains(t, changed, `storage[count]"1"`, "and what it stored")

	// Stepping moves to the next event; a filter narrows the list.
	p.Do(t, chromedp.Click("#next"))
	assert.EqualValues(t, timer.Index+1, browser.Eval[int](t, p, "window.viewer.selected"))
	browser.Eval[bool](t, p, `(() => { const s = document.getElementById("fkind"); s.value = "crash"; return s.dispatchEvent(new Event("change")); })()`)
	assert.Equal(t, count["crash"], browser.Eval[int](t, p, `document.querySelectorAll("#rows .row").length`))

	t.Logf("first paint %.0f ms after navigation, %.0f ms of it the script's (%d events)",
		browser.Eval[float64](t, p, "window.viewer.firstPaint"), browser.Eval[float64](t, p, "window.viewer.loadMs"), len(w.Events))
	assert.Empty(t, p.Errors(), "JavaScript errors")
}

func itoa(n int) string { return strconv.Itoa(n) }
