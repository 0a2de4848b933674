package kit

import "flag"

// Flags that write a seed's run to files (see view.go), instead of or
// besides printing its events.
var (
	viewFlag      = flag.String("view", "", "write the run of one seed as a self-contained HTML page to `FILE` (use with -seed; relative to the module root)")
	traceJSONFlag = flag.String("trace-json", "", "write the run of one seed as a JSON trace to `FILE` (use with -seed; schema in view/SCHEMA.md)")
	shivizFlag    = flag.String("shiviz", "", "write the run of one seed as a ShiViz log with vector clocks to `FILE` (use with -seed)")
)
