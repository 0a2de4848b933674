package view_test

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
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

var large = flag.Bool("large", false, "also load a page of 200,000 events in the browser and report how long it takes to draw")

// largeRun records a run of about n events: five gossiping counters on a
// lossy network, with partitions.
func largeRun(tb testing.TB, n int) *view.Trace {
	w, err := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond, Jitter: 4 * time.Millisecond, Loss: 0.05, Duplicate: 0.02}})
	require.NoError(tb, err)
	c := view.Record(w)
	peers := []sim.NodeID{0, 1, 2, 3, 4}
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		w.MustAddNode(name, func() sim.Node { return &counter{peers: slices.Clone(peers)} })
	}
	for k := range 20 {
		at := time.Duration(k) * 2 * time.Second
		w.At(at+time.Second, func() { w.Partition(peers[:2], peers[2:]) })
		w.At(at+1500*time.Millisecond, func() { w.Heal() })
	}
	_, err = w.RunUntil(time.Hour, func() bool { return w.Stats().Events >= uint64(n) })
	require.NoError(tb, err)
	return &view.Trace{Version: view.Version, Test: "large", Seed: 1, Worlds: []view.World{c.Finish()}}
}

// TestLargePage loads a page of 200,000 events and reports how long the
// browser takes to show it, to redraw the diagram and to filter the list.
// It asserts what the page drew, never how fast (go test ./view -run
// LargePage -large -v).
func TestLargePage(t *testing.T) {
	if !*large {
		t.Skip("add -large to load a page of 200,000 events")
	}
	tr := largeRun(t, 200_000)
	file := filepath.Join(t.TempDir(), "large.html")
	require.NoError(t, view.WriteFile(file, tr, view.WriteHTML))
	st, err := os.Stat(file)
	require.NoError(t, err)
	start := time.Now()
	p := browser.Open(t, "file://"+file, 2*time.Minute)
	p.Do(t, chromedp.WaitVisible("#list .row"))
	t.Logf("page of %d events, %.1f MB: first paint %.0f ms after navigation (%.0f ms of it the script's); %v from starting the browser",
		len(tr.Worlds[0].Events), float64(st.Size())/1e6, browser.Eval[float64](t, p, "window.viewer.firstPaint"),
		browser.Eval[float64](t, p, "window.viewer.loadMs"), time.Since(start).Round(time.Millisecond))
	deliveries := 0
	for _, e := range tr.Worlds[0].Events {
		if e.Kind == "deliver" {
			deliveries++
		}
	}
	measure := func(what, js string) {
		ms := browser.Eval[float64](t, p, `(() => { const t0 = performance.now(); `+js+`; return performance.now() - t0; })()`)
		t.Logf("%s: %.1f ms", what, ms)
	}
	measure("redraw of the whole run", "window.viewer.fit(); window.viewer.draw()")
	t.Logf("parts: %v", browser.Eval[map[string]float64](t, p, "window.viewer.last.ms"))
	assert.Equal(t, deliveries, browser.Eval[int](t, p, "window.viewer.last.arrows"), "every arrow drawn at the whole run's zoom")
	if js := os.Getenv("VIEW_JS"); js != "" {
		for _, part := range strings.Split(js, ";;") {
			measure(part, part)
		}
	}
	measure("redraw zoomed to 1% of the run", "window.viewer.zoom(0.5, 0.01); window.viewer.draw()")
	measure("search filter over every event", `window.viewer.filter("Gossip{N:77}")`)
	measure("list scroll by a page and render", `(() => { const l = document.getElementById("list"); l.scrollTop += l.clientHeight; window.viewer.renderRows(); })()`)
	assert.Empty(t, p.Errors(), "JavaScript errors")
}

// BenchmarkRecord is the cost of recording a run for the viewer, against
// the same run not recorded (the baseline of the same benchmark run).
func BenchmarkRecord(b *testing.B) {
	for _, rec := range []bool{false, true} {
		name := "plain"
		if rec {
			name = "recorded"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				w, _ := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond, Loss: 0.05}})
				var c *view.Capture
				if rec {
					c = view.Record(w)
				}
				peers := []sim.NodeID{0, 1, 2}
				for _, name := range []string{"a", "b", "c"} {
					w.MustAddNode(name, func() sim.Node { return &counter{peers: slices.Clone(peers)} })
				}
				w.RunUntil(time.Hour, func() bool { return w.Stats().Events >= 20_000 })
				if c != nil {
					c.Finish()
				}
			}
			b.ReportMetric(20_000, "events/op")
		})
	}
}
