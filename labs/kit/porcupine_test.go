package kit

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distlab/distlab/sim"
)

// A client c0 and a server s1 that answers every Get with "2": the
// client puts x=1 (puts times: on a page wider than a window), then reads
// x and sees 2, which no order explains.
type (
	kvReq struct {
		Get   bool
		Value string
	}
	kvRep struct{ Value string }
)

type badServer struct{}

func (badServer) Start(sim.Env) {}
func (badServer) Receive(env sim.Env, from sim.NodeID, msg any) {
	if msg.(kvReq).Get {
		env.Send(from, kvRep{Value: "2"})
		return
	}
	env.Send(from, kvRep{})
}

type recordingClient struct {
	h    *History
	env  sim.Env
	op   int
	puts int
	get  bool
}

func (c *recordingClient) Start(env sim.Env) {
	c.env = env
	c.op = c.h.Call(0, KVInput{Op: Put, Key: "x", Value: "1"}, env.Now())
	env.Send(1, kvReq{Value: "1"})
}

func (c *recordingClient) Receive(env sim.Env, _ sim.NodeID, msg any) {
	rep := msg.(kvRep)
	c.h.Return(c.op, KVOutput{Value: rep.Value}, env.Now())
	c.puts--
	switch {
	case c.puts > 0:
		c.op = c.h.Call(0, KVInput{Op: Put, Key: "x", Value: "1"}, env.Now())
		env.Send(1, kvReq{Value: "1"})
	case !c.get:
		c.get = true
		env.After(5*time.Millisecond, func() {
			c.op = c.h.Call(0, KVInput{Op: Get, Key: "x"}, env.Now())
			env.Send(1, kvReq{Get: true})
		})
	}
}

// badHistory runs the two nodes and returns the history the client
// recorded, with the world's faults and events.
func badHistory(t *testing.T, puts int) *History {
	t.Helper()
	h := &History{}
	w, err := sim.New(sim.Options{Seed: 1, Net: sim.NetConfig{Latency: time.Millisecond}})
	require.NoError(t, err)
	h.RecordFaults(w)
	w.MustAddNode("c0", func() sim.Node { return &recordingClient{h: h, puts: puts} })
	w.MustAddNode("s1", func() sim.Node { return badServer{} })
	require.NoError(t, w.Run(time.Second))
	require.Equal(t, puts+1, h.Completed())
	return h
}

func writeBadPage(t *testing.T, puts int) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "page.html")
	msg, written := checkLinearizable(KVModel, badHistory(t, puts), kvKeepPending, "TestX/seed=1", func() (string, error) { return file, nil })
	require.Equal(t, file, written, "%s", msg)
	return file
}

func TestPageNamesServersAndEvents(t *testing.T) {
	data, err := os.ReadFile(writeBadPage(t, 1))
	require.NoError(t, err)
	page := string(data)
	assert.Contains(t, page, "c0 called it at event #1 and got the reply of s1 at event #", "the Put's tooltip")
	assert.Regexp(t, `c0 called it at event #\d+ and got the reply of s1 at event #\d+`, page)
	assert.Contains(t, page, "<title>Porcupine: TestX/seed=1</title>")
	assert.Contains(t, page, `const distlabPage = {"title":"TestX/seed=1"}`, "the kit's script is on the page")
	assert.Contains(t, page, "formatCallReturn = function", "the script prints times in ms")
	assert.True(t, strings.HasSuffix(strings.TrimSpace(page), "</html>"))
}

func TestHistoryWithoutAWorldHasNoMetadata(t *testing.T) {
	var h History
	p := h.Call(0, KVInput{Op: Put, Key: "x", Value: "1"}, 0)
	h.Return(p, KVOutput{}, time.Millisecond)
	for _, op := range h.operations(kvKeepPending) {
		assert.Nil(t, op.Metadata)
	}
}

// chromium returns the path of a headless browser, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("no browser to load the page in: install Chromium (Debian: apt-get install chromium) to run this test")
	return ""
}

// TestPageOpensAtTheFirstErrorInABrowser loads pages in headless
// Chromium and reads them as the kit's script left them.
func TestPageOpensAtTheFirstErrorInABrowser(t *testing.T) {
	browser := chromium(t)
	for _, tc := range []struct {
		puts        int
		minTicks    int    // the fewest ticks the axis may have
		first, last string // the axis's first and last ticks; "": any
		scroll      bool   // the first error is out of sight until the page scrolls
	}{
		{puts: 1, minTicks: 3, first: "0", last: "9"}, // the first Put's call, the Get's return
		{puts: 60, minTicks: 6, scroll: true},         // 60 Puts before the Get
	} {
		t.Run(fmt.Sprintf("puts=%d", tc.puts), func(t *testing.T) {
			dom := loadPage(t, browser, writeBadPage(t, tc.puts))
			// (The page is long: the checks say what they miss, not the page.)
			if m := regexp.MustCompile(`data-distlab-error="([^"]*)"`).FindStringSubmatch(dom); m != nil {
				t.Errorf("the kit's script failed in the browser: %s", m[1])
			}
			assert.True(t, strings.Contains(dom, `data-distlab-ready="true"`), "the kit's script ran to the end")
			assert.True(t, strings.Contains(dom, `data-distlab-opened="first-error"`), "the page jumped to the first error")
			assert.True(t, strings.Contains(dom, `class="history-rect selected"`), "the first error's operation is selected")
			scrolled := regexp.MustCompile(`data-distlab-scroll-x="(\d+)"`).FindStringSubmatch(dom)
			require.NotNil(t, scrolled, "the page says where it scrolled to")
			assert.Equal(t, tc.scroll, scrolled[1] != "0", "scrolled to x=%s", scrolled[1])
			assert.True(t, strings.Contains(dom, `id="distlab-axis"`), "a time axis")
			ticks := regexp.MustCompile(`data-ticks="(\d+)"`).FindStringSubmatch(dom)
			require.NotNil(t, ticks, "the axis counts its ticks")
			assert.Equal(t, strings.Count(dom, `class="distlab-tick"`), atoi(t, ticks[1]))
			// Where the ticks fall depends on how wide the browser's font
			// draws the operations' labels, so the checks are on their
			// order and spacing, not on their number.
			labels := axisLabels(t, dom)
			require.Len(t, labels, atoi(t, ticks[1]), "a label per tick")
			require.GreaterOrEqual(t, len(labels), tc.minTicks, "ticks along the axis: %v", labels)
			for i := 1; i < len(labels); i++ {
				assert.Greater(t, labels[i].ms, labels[i-1].ms, "times increase along the axis: %v", labels)
				assert.GreaterOrEqual(t, labels[i].x-labels[i-1].x, 60.0, "ticks at least 60 px apart: %v", labels)
			}
			if tc.first != "" {
				assert.Equal(t, tc.first, labels[0].text, "the first tick: %v", labels)
				assert.Equal(t, tc.last, labels[len(labels)-1].text, "the last tick: %v", labels)
			}
			assert.True(t, strings.Contains(dom, "time (ms)"))
		})
	}
}

// axisLabel is a tick's label on the time axis: where it is and the time
// it names, in ms.
type axisLabel struct {
	x    float64
	text string
	ms   float64
}

// axisLabels returns the time axis's tick labels, in page order.
func axisLabels(t *testing.T, dom string) []axisLabel {
	t.Helper()
	var out []axisLabel
	for _, m := range regexp.MustCompile(`<text x="([\d.]+)" y="22" font-size="11" text-anchor="middle">([\d.]+) ms</text>`).FindAllStringSubmatch(dom, -1) {
		x, err := strconv.ParseFloat(m[1], 64)
		require.NoError(t, err)
		ms, err := strconv.ParseFloat(m[2], 64)
		require.NoError(t, err)
		out = append(out, axisLabel{x: x, text: m[2], ms: ms})
	}
	return out
}

// loadPage loads file in the browser and returns the page's DOM once its
// scripts have run.
func loadPage(t *testing.T, browser, file string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="+t.TempDir(),
		"--window-size=800,600", "--virtual-time-budget=5000", "--dump-dom", "file://"+file)
	out, err := cmd.Output()
	require.NoError(t, err, "%s", out)
	return string(out)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

func TestPageDirectories(t *testing.T) {
	home := t.TempDir()
	cache := func() (string, error) { return home, nil }

	t.Run("flag", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "pages")
		var p pageDirs
		got, err := p.get(dir, cache)
		require.NoError(t, err)
		assert.Equal(t, dir, got, "-porcupine-dir is used as it is")
	})

	t.Run("one per run", func(t *testing.T) {
		var a, b pageDirs
		da, err := a.get("", cache)
		require.NoError(t, err)
		again, err := a.get("", cache)
		require.NoError(t, err)
		assert.Equal(t, da, again, "one directory for all the pages of a run")
		db, err := b.get("", cache)
		require.NoError(t, err)
		assert.NotEqual(t, da, db, "two runs never share a directory")
		for _, d := range []string{da, db} {
			assert.Equal(t, filepath.Join(home, "distlab", "porcupine"), filepath.Dir(d), "under the user's cache")
			assertPrivate(t, d)
		}
		assertPrivate(t, filepath.Join(home, "distlab", "porcupine"))
	})

	t.Run("another user", func(t *testing.T) {
		// Another user has another cache directory, and nothing of the
		// first user's is in the way.
		other := t.TempDir()
		var p pageDirs
		d, err := p.get("", func() (string, error) { return other, nil })
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(d, other), d)
	})

	t.Run("no cache", func(t *testing.T) {
		// A cache directory that cannot be made (here a file is in the
		// way) or none at all: a fresh temporary directory.
		blocked := filepath.Join(t.TempDir(), "file")
		require.NoError(t, os.WriteFile(blocked, nil, 0o600))
		for _, cache := range []func() (string, error){
			func() (string, error) { return blocked, nil },
			func() (string, error) { return "", os.ErrNotExist },
		} {
			var p pageDirs
			d, err := p.get("", cache)
			require.NoError(t, err)
			defer os.RemoveAll(d)
			assert.True(t, strings.HasPrefix(filepath.Base(d), "distlab-porcupine-"), d)
			assertPrivate(t, d)
		}
	})
}

func assertPrivate(t *testing.T, dir string) {
	t.Helper()
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	assert.True(t, fi.IsDir())
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm(), "%s is the user's alone", dir)
}

// TestHelperPage is run only by TestConcurrentRunsWriteTheirOwnPages: one
// seed whose history is not linearizable.
func TestHelperPage(t *testing.T) {
	if os.Getenv(helperEnv) != "page" {
		t.Skip("run by other tests")
	}
	Sweep(t, 1, func(r *Run) {
		r.CheckKV(badHistory(t, 1))
	})
}

func TestConcurrentRunsWriteTheirOwnPages(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	cache := t.TempDir()
	pageLine := regexp.MustCompile(`porcupine's page: (\S+\.html)`)
	var wg sync.WaitGroup
	pages := make([]string, 3)
	outs := make([]string, 3)
	for i := range pages {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperPage$")
			cmd.Env = append(os.Environ(), helperEnv+"=page", "XDG_CACHE_HOME="+cache)
			out, _ := cmd.CombinedOutput()
			outs[i] = string(out)
			if m := pageLine.FindStringSubmatch(outs[i]); m != nil {
				pages[i] = m[1]
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, page := range pages {
		require.NotEmpty(t, page, "the failure names the page:\n%s", outs[i])
		assert.False(t, seen[page], "each run has a page of its own: %s", page)
		seen[page] = true
		assert.True(t, strings.HasPrefix(page, filepath.Join(cache, "distlab", "porcupine")+string(filepath.Separator)), page)
		assert.Equal(t, "TestHelperPage-seed1.html", filepath.Base(page))
		fi, err := os.Stat(page)
		require.NoError(t, err)
		assert.NotZero(t, fi.Size())
	}
}
