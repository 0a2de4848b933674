// Package browser starts headless Chromium for the tests of the run
// viewer, through chromedp, and collects the page's JavaScript errors.
package browser

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns the browser the tests use: $CHROMIUM if set, else the first
// of Debian's chromium and the usual names found on PATH; "" if none.
func Path() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Page is a browser tab with a page loaded.
type Page struct {
	Ctx context.Context

	mu     sync.Mutex
	errors []string
}

// Open starts a headless browser with a fresh profile, loads url, and
// returns the tab. The test is skipped, saying how to get a browser, when
// there is none. Everything the browser does is bounded by timeout; the
// browser and its profile go away when the test ends.
func Open(t *testing.T, url string, timeout time.Duration) *Page {
	t.Helper()
	path := Path()
	if path == "" {
		t.Skip("no browser for the viewer's tests: install Chromium (apt-get install chromium) or set CHROMIUM to a Chrome or Chromium binary")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1400, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tctx, cancelTab := chromedp.NewContext(actx)
	p := &Page{Ctx: tctx}
	messages := chromedp.Console(tctx) // subscribes now, before the page loads
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				p.note(m.String())
			}
		}
	}()
	t.Cleanup(func() {
		chromedp.Cancel(tctx) // closes the browser
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
		cancel()
		<-done
	})
	if err := chromedp.Do(tctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("browser: loading %s: %v", url, err)
	}
	return p
}

func (p *Page) note(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errors = append(p.errors, s)
}

// Errors returns the JavaScript exceptions and console errors so far.
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// Eval evaluates a JavaScript expression on the page and returns its
// value, decoded from JSON into a T.
func Eval[T any](t *testing.T, p *Page, expr string) T {
	t.Helper()
	v, err := chromedp.Run(p.Ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("browser: %s: %v", expr, err)
	}
	return v
}

// Do runs chromedp actions on the page.
func (p *Page) Do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(p.Ctx, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}
