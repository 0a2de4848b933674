package hashring

// Student code may import only the standard library, sim, rpc and its own
// sub-packages; this compiles (the module requires porcupine) but breaks
// the rule.
import _ "github.com/anishathalye/porcupine"
