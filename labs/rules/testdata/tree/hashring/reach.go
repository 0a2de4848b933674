package hashring

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"regexp/syntax" // want `^import: import "regexp/syntax": its programs share the package's tables`
	"time"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// Values of refused packages reached through allowed ones.

type probe struct{ Self *probe }

type sink struct{ got [][]byte }

func (s *sink) Write(p []byte) (int, error) { s.got = append(s.got, p); return len(p), nil }

func peek(env sim.Env) {
	p := &probe{}
	p.Self = p
	_, err := json.Marshal(p)
	var uv *json.UnsupportedValueError
	if errors.As(err, &uv) {
		_ = uv.Value.Elem().Field(0) // want `^import: uv.Value.Elem\(\).Field\(0\) is of type reflect.Value: package reflect is refused, however its values are reached: it reads and writes memory past the type system`
	}
	var ut *json.UnmarshalTypeError
	if errors.As(err, &ut) {
		_ = ut.Type // want `^import: ut.Type is of type reflect.Type: package reflect is refused`
	}
	_ = uv.Error()
	req, _, _ := rpc.MethodTypes(env, "x") // want `^import: rpc.MethodTypes\(env, "x"\) is of type \(req reflect.Type, rep reflect.Type, ok bool\): package reflect is refused`
	_ = req                                // want `^import: req is of type reflect.Type`
	s := &sink{}
	_ = pem.Encode(s, &pem.Block{Type: "X"})  // want `^import: pem.Encode is of type func\(out io.Writer, b \*encoding/pem.Block\) error: package io is refused, however its values are reached: nodes do no I/O`
	_ = xml.EscapeText(s, []byte(`"`))        // want `^import: xml.EscapeText is of type func\(w io.Writer, s \[\]byte\) error: package io is refused`
	_ = json.NewDecoder(bytes.NewReader(nil)) // want `^import: json.NewDecoder is of type func\(r io.Reader\) \*encoding/json.Decoder: package io is refused`
	var buf bytes.Buffer
	_, _ = buf.WriteTo(s) // want `^import: buf.WriteTo is of type func\(w io.Writer\) \(n int64, err error\): package io is refused`
	_ = pem.EncodeToMemory(&pem.Block{Type: "X"})
	_, _ = syntax.Parse("a", 0) // want `^import: syntax.Parse\("a", 0\) is of type \(\*regexp/syntax.Regexp, error\): package regexp/syntax is refused`
}

// Only the parts of sim a node needs.
func simParts(env sim.Env) {
	var id sim.NodeID = 1
	_ = id
	sim.Save(env.Storage(), "k", 1)
	_ = sim.Within(time.Millisecond, "", func() {}) // want `^import: sim.Within: node code uses only the parts of sim a node needs \(Env, NodeID, NoNode, Node, Receiver, Factory, Timer, Storage, Save, Load, Size, FormatMsg, FormatTime\); the rest runs worlds, goroutines and the wall clock`
	_ = sim.Stuck()                                 // want `^import: sim.Stuck: node code uses only the parts of sim a node needs`
	var w *sim.World                                // want `^import: sim.World: node code uses only the parts of sim a node needs`
	_ = w                                           // want `^import: w is of type \*github.com/distlab/distlab/sim.World: sim.World is refused`
}

// A type argument inferred from a constraint's core type is the type of
// no expression: the instance of core below is func(json.UnsupportedValueError)
// int, and inside it the reflect.Value has type E.

type valueOf[V any] interface {
	Elem() V
	Field(int) V
	Int() int64
}

func core[S ~struct {
	Value E
	Str   string
}, E valueOf[E]](s S) int64 {
	return struct {
		Value E
		Str   string
	}(s).Value.Elem().Field(0).Int()
}

func inferredArg(uv *json.UnsupportedValueError) int64 {
	return core(*uv) // want `^import: core is instantiated with the type argument reflect.Value: package reflect is refused, however its values are reached`
}

// Type arguments of allowed types are fine.
func firstOf[S ~[]E, E any](s S) E { return s[0] }

func allowedArgs(b json.RawMessage) byte { return firstOf(b) }
