package live

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/distlab/distlab/rpc"
	"github.com/distlab/distlab/sim"
)

// MaxFrame bounds the size of one message on the wire, encoded.
const MaxFrame = 16 << 20

// Kinds of frame: a node's own message, or one of rpc's envelopes, whose
// Body field (an interface) is carried with its type name beside it.
const (
	kindMsg  = 0
	kindReq  = 1
	kindResp = 2
)

// frame is one message as it travels: JSON, behind a 4-byte big-endian
// length. Type names the concrete type of Body (the message's, or the rpc
// body's), as registered in Config.Types; it is empty for a nil rpc body.
type frame struct {
	From   sim.NodeID      `json:"from"`
	Kind   uint8           `json:"kind,omitempty"`
	Type   string          `json:"type,omitempty"`
	Body   json.RawMessage `json:"body,omitempty"`
	Epoch  uint64          `json:"epoch,omitempty"`
	ID     uint64          `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Err    string          `json:"err,omitempty"`
}

// registry maps the message types a node may send and receive to the
// names they travel under, and back.
type registry struct {
	byName map[string]reflect.Type
	byType map[reflect.Type]string
}

// newRegistry registers the type of each value in types.
func newRegistry(types []any) (*registry, error) {
	r := &registry{byName: map[string]reflect.Type{}, byType: map[reflect.Type]string{}}
	for _, v := range types {
		if v == nil {
			return nil, errors.New("live: Config.Types holds a nil value; list a value of each message type, such as EchoArgs{}")
		}
		t := reflect.TypeOf(v)
		if err := checkWireType(t, map[reflect.Type]bool{}); err != nil {
			return nil, fmt.Errorf("live: message type %v cannot travel as JSON: %w", t, err)
		}
		name := typeName(t)
		if other, ok := r.byName[name]; ok && other != t {
			return nil, fmt.Errorf("live: two message types are named %s", name)
		}
		r.byName[name], r.byType[t] = t, name
	}
	return r, nil
}

// typeName is the name a type travels under: its package path and name,
// with a * per pointer, or its Go syntax if it has no name.
func typeName(t reflect.Type) string {
	stars := ""
	for t.Kind() == reflect.Pointer && t.Name() == "" {
		stars += "*"
		t = t.Elem()
	}
	if t.Name() == "" || t.PkgPath() == "" {
		return stars + t.String()
	}
	return stars + t.PkgPath() + "." + t.Name()
}

// checkWireType reports what in t a JSON round trip would not give back
// as it was: an interface (JSON cannot say what it held), a func, a
// channel, an unexported field, a map key that is not a string or an
// integer.
func checkWireType(t reflect.Type, seen map[reflect.Type]bool) error {
	if seen[t] {
		return nil
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return fmt.Errorf("%v is an interface", t)
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128, reflect.Uintptr:
		return fmt.Errorf("%v is a %v", t, t.Kind())
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return checkWireType(t.Elem(), seen)
	case reflect.Map:
		switch t.Key().Kind() {
		case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		default:
			return fmt.Errorf("%v has keys of kind %v", t, t.Key().Kind())
		}
		return checkWireType(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				return fmt.Errorf("field %s of %v is unexported", f.Name, t)
			}
			if f.Tag.Get("json") == "-" {
				return fmt.Errorf("field %s of %v has the tag json:\"-\"", f.Name, t)
			}
			if err := checkWireType(f.Type, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// body encodes v, a message or an rpc body, with its type name.
func (r *registry) body(v any) (string, json.RawMessage, error) {
	if v == nil {
		return "", nil, nil
	}
	name, ok := r.byType[reflect.TypeOf(v)]
	if !ok {
		return "", nil, fmt.Errorf("live: message type %T is not listed in Config.Types", v)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "", nil, fmt.Errorf("live: encode %T: %w", v, err)
	}
	return name, data, nil
}

// encode turns msg, sent by from, into a frame's bytes.
func (r *registry) encode(from sim.NodeID, msg any) ([]byte, error) {
	f := frame{From: from}
	var payload any
	switch m := msg.(type) {
	case nil:
		return nil, errors.New("live: Send of a nil message")
	case rpc.Request:
		f.Kind, f.Epoch, f.ID, f.Method, payload = kindReq, m.Epoch, m.ID, m.Method, m.Body
	case rpc.Response:
		f.Kind, f.Epoch, f.ID, f.Method, f.Err, payload = kindResp, m.Epoch, m.ID, m.Method, m.Err, m.Body
	default:
		payload = msg
	}
	var err error
	if f.Type, f.Body, err = r.body(payload); err != nil {
		return nil, err
	}
	return json.Marshal(f)
}

// decode turns a frame's bytes back into the sender and a fresh message.
func (r *registry) decode(data []byte) (sim.NodeID, any, error) {
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		return 0, nil, fmt.Errorf("live: decode frame: %w", err)
	}
	var body any
	if f.Type != "" {
		t, ok := r.byName[f.Type]
		if !ok {
			return f.From, nil, fmt.Errorf("live: message type %s from %v is not listed in Config.Types", f.Type, f.From)
		}
		p := reflect.New(t)
		if err := json.Unmarshal(f.Body, p.Interface()); err != nil {
			return f.From, nil, fmt.Errorf("live: decode %s: %w", f.Type, err)
		}
		body = p.Elem().Interface()
	}
	switch f.Kind {
	case kindMsg:
		if body == nil {
			return f.From, nil, errors.New("live: a frame with no message")
		}
		return f.From, body, nil
	case kindReq:
		return f.From, rpc.Request{Epoch: f.Epoch, ID: f.ID, Method: f.Method, Body: body}, nil
	case kindResp:
		return f.From, rpc.Response{Epoch: f.Epoch, ID: f.ID, Method: f.Method, Body: body, Err: f.Err}, nil
	}
	return f.From, nil, fmt.Errorf("live: a frame of unknown kind %d", f.Kind)
}

// writeFrame writes data behind its length.
func writeFrame(w io.Writer, data []byte) error {
	buf := make([]byte, 4, 4+len(data))
	binary.BigEndian.PutUint32(buf, uint32(len(data)))
	_, err := w.Write(append(buf, data...))
	return err
}

// readFrame reads one frame's bytes.
func readFrame(r io.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > MaxFrame {
		return nil, fmt.Errorf("live: a frame of %d bytes, more than MaxFrame", size)
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, err
	}
	return data, nil
}

// MethodTypes returns a value of m's request type and of its reply type,
// for Config.Types.
func MethodTypes[Req, Rep any](m rpc.Method[Req, Rep]) []any {
	var req Req
	var rep Rep
	return []any{req, rep}
}
