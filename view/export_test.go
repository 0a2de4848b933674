package view

// LinesKept is the number of events whose -events line the page's data
// carries because the columns do not rebuild it.
func LinesKept(t *Trace) int {
	n := 0
	for _, w := range toPage(t).Worlds {
		n += len(w.Events.Text)
	}
	return n
}
