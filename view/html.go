package view

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
)

var (
	//go:embed assets/page.html
	pageHTML string
	//go:embed assets/viewer.css
	viewerCSS string
	//go:embed assets/viewer.js
	viewerJS string
)

// WriteHTML writes t as one self-contained HTML page: the space-time
// diagram, the event list, the nodes' state at each step and the client
// operations, with its script, style and data inside, so that it opens
// from a file with no network.
func WriteHTML(w io.Writer, t *Trace) error {
	data, err := json.Marshal(toPage(t)) // escapes <, > and &: safe inside <script>
	if err != nil {
		return fmt.Errorf("view: %w", err)
	}
	title := fmt.Sprintf("%s seed %d", t.Test, t.Seed)
	page := strings.NewReplacer(
		"{{title}}", html.EscapeString(title),
		"{{css}}", viewerCSS,
	).Replace(pageHTML)
	head, tail, ok := strings.Cut(page, "{{data}}")
	if !ok {
		return fmt.Errorf("view: the page template has no {{data}}")
	}
	tail = strings.Replace(tail, "{{js}}", viewerJS, 1)
	for _, s := range []string{head, string(data), tail} {
		if _, err := io.WriteString(w, s); err != nil {
			return fmt.Errorf("view: %w", err)
		}
	}
	return nil
}
