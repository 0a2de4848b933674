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
// length. Type names the concrete type of Body: a message's, as
// registered in Config.Types; an rpc body's by its package path and name,
// which the receiver checks against the type it declared for the method.
// It is empty for a nil rpc body.
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

	checked map[reflect.Type]error // rpc body types checked by wireOK
}

// newRegistry registers the type of each value in types.
func newRegistry(types []any) (*registry, error) {
	r := &registry{byName: map[string]reflect.Type{}, byType: map[reflect.Type]string{}, checked: map[reflect.Type]error{}}
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

// body encodes v, a message, with its type name.
func (r *registry) body(v any) (string, json.RawMessage, error) {
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

// rpcBody encodes v, the body of an rpc envelope, with its type name. Its
// type need not be listed: it is the method's request or reply type, which
// the receiver knows from its own declaration of the method.
func (r *registry) rpcBody(v any) (string, json.RawMessage, error) {
	if v == nil {
		return "", nil, nil
	}
	t := reflect.TypeOf(v)
	if err := r.wireOK(t); err != nil {
		return "", nil, err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "", nil, fmt.Errorf("live: encode %T: %w", v, err)
	}
	return typeName(t), data, nil
}

// wireOK reports whether values of t, an rpc body's type, can travel as
// JSON, checking each type once. It is called on the event loop only.
func (r *registry) wireOK(t reflect.Type) error {
	err, ok := r.checked[t]
	if !ok {
		if err = checkWireType(t, map[reflect.Type]bool{}); err != nil {
			err = fmt.Errorf("live: rpc body type %v cannot travel as JSON: %w", t, err)
		}
		r.checked[t] = err
	}
	return err
}

// encode turns msg, sent by from, into a frame's bytes.
func (r *registry) encode(from sim.NodeID, msg any) ([]byte, error) {
	f := frame{From: from}
	var err error
	switch m := msg.(type) {
	case nil:
		return nil, errors.New("live: Send of a nil message")
	case rpc.Request:
		f.Kind, f.Epoch, f.ID, f.Method = kindReq, m.Epoch, m.ID, m.Method
		f.Type, f.Body, err = r.rpcBody(m.Body)
	case rpc.Response:
		f.Kind, f.Epoch, f.ID, f.Method, f.Err = kindResp, m.Epoch, m.ID, m.Method, m.Err
		f.Type, f.Body, err = r.rpcBody(m.Body)
	default:
		f.Type, f.Body, err = r.body(msg)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(f)
}

// decode turns a frame's bytes back into an inbound message: a message
// of a listed type, decoded afresh; or an rpc envelope whose body is left
// as bytes, for the event loop to decode (see runtime.rpcBody).
func (r *registry) decode(data []byte) (inbound, error) {
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		return inbound{}, fmt.Errorf("live: decode frame: %w", err)
	}
	in := inbound{from: f.From, kind: f.Kind, typ: f.Type, body: f.Body}
	switch f.Kind {
	case kindMsg:
		t, ok := r.byName[f.Type]
		if !ok {
			return in, fmt.Errorf("live: message type %s from %v is not listed in Config.Types", f.Type, f.From)
		}
		v, err := decodeAs(t, f.Type, f.Body)
		if err != nil {
			return in, err
		}
		in.msg = v
	case kindReq:
		in.msg = rpc.Request{Epoch: f.Epoch, ID: f.ID, Method: f.Method}
	case kindResp:
		in.msg = rpc.Response{Epoch: f.Epoch, ID: f.ID, Method: f.Method, Err: f.Err}
	default:
		return in, fmt.Errorf("live: a frame of unknown kind %d", f.Kind)
	}
	return in, nil
}

// decodeAs decodes data, of the type named name, into a fresh value of t.
func decodeAs(t reflect.Type, name string, data json.RawMessage) (any, error) {
	p := reflect.New(t)
	if err := json.Unmarshal(data, p.Interface()); err != nil {
		return nil, fmt.Errorf("live: decode %s: %w", name, err)
	}
	return p.Elem().Interface(), nil
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
