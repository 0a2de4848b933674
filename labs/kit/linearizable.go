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
	r.viewHistory(model, h, keepPending)
	if msg, page := checkLinearizable(model, h, keepPending, r.t.Name(), r.visualizationPath); msg != "" {
		r.fail(results.Linearizability, msg, page, true)
	}
}

// checkLinearizable checks h and returns "" if it is linearizable, else
// the failure message. On a violation it writes the visualization to the
// file path returns, and returns that file too ("" if it could not).
func checkLinearizable(model porcupine.Model, h *History, keepPending func(input any) bool, title string, path func() (string, error)) (msg, page string) {
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
		err = writePage(model, info, title, file)
	}
	where := "porcupine's page: " + file
	if err != nil {
		where, file = "porcupine's page could not be written: "+err.Error(), ""
	}
	return fmt.Sprintf("LINEARIZABILITY violated: the %d operations clients saw (%d completed) fit no sequential order of the key/value store\n    %s\n    (open it in a browser: a row per client, a bar per operation, time in ms below; it opens at the first operation no order can place, in red)",
		len(ops), h.Completed(), where), file
}

// visualizationPath returns where this seed's page goes: a file in this
// run's directory of pages, named after the seed's subtest.
func (r *Run) visualizationPath() (string, error) {
	dir, err := runPages.get(r.s.porcDir, os.UserCacheDir)
	if err != nil {
		return "", err
	}
	name := strings.NewReplacer("/", "-", "=", "", " ", "_").Replace(r.t.Name())
	return filepath.Join(dir, name+".html"), nil
}
