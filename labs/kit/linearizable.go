package kit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/distlab/distlab/labs/kit/results"
)

// LinearizabilityTimeout bounds the wall time of one check. Histories in the
// labs are sized so the check takes milliseconds; a check that runs out of
// time is reported as a failure, never as a pass.
const LinearizabilityTimeout = 60 * time.Second

// CheckKV fails the run unless the key/value history h is linearizable
// under KVModel. On a violation it writes porcupine's visualization to an
// HTML file (see -porcupine-dir) and names the file in the failure.
func (r *Run) CheckKV(h *History) {
	r.t.Helper()
	r.CheckLinearizable(KVModel, h, kvKeepPending)
}

// CheckLinearizable fails the run unless history h is linearizable under
// model. keepPending says which operations that never returned may have
// taken effect (they are kept, returning after everything else); the others
// are left out.
func (r *Run) CheckLinearizable(model porcupine.Model, h *History, keepPending func(input any) bool) {
	r.t.Helper()
	if msg, page := checkLinearizable(model, h, keepPending, r.visualizationPath); msg != "" {
		r.fail(results.Linearizability, msg, page, true)
	}
}

// checkLinearizable checks h and returns "" if it is linearizable, else
// the failure message. On a violation it writes the visualization to the
// file path returns, and returns that file too ("" if it could not).
func checkLinearizable(model porcupine.Model, h *History, keepPending func(input any) bool, path func() (string, error)) (msg, page string) {
	ops := h.operations(keepPending)
	res, info := porcupine.CheckOperationsVerbose(model, ops, LinearizabilityTimeout)
	switch res {
	case porcupine.Ok:
		return "", ""
	case porcupine.Unknown:
		return fmt.Sprintf("linearizability check of %d operations did not finish within %v: the history is too large to check, which counts as a failure", len(ops), LinearizabilityTimeout), ""
	}
	info.AddAnnotations(h.annotations)
	for _, o := range h.open {
		info.AddAnnotations([]porcupine.Annotation{{Tag: o.tag, Start: int64(o.start), End: int64(h.last) + 1, Description: o.desc}})
	}
	file, err := path()
	if err == nil {
		err = porcupine.VisualizePath(model, info, file)
	}
	where := "porcupine's visualization: " + file
	if err != nil {
		where, file = "the visualization could not be written: "+err.Error(), ""
	}
	return fmt.Sprintf("LINEARIZABILITY violated: the %d operations clients saw (%d completed) fit no sequential order of the key/value store\n    %s\n    (open it in a browser: each row is a client, bars are operations in virtual time; the red line shows where no order can continue)",
		len(ops), h.Completed(), where), file
}

// visualizationPath returns where this seed's visualization goes.
func (r *Run) visualizationPath() (string, error) {
	if err := os.MkdirAll(r.s.porcDir, 0o755); err != nil {
		return "", err
	}
	name := strings.NewReplacer("/", "-", "=", "", " ", "_").Replace(r.t.Name())
	return filepath.Join(r.s.porcDir, fmt.Sprintf("%s.html", name)), nil
}
