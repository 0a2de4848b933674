package rpc

// Request is the message that carries a call. Nodes never build one
// themselves; observers and traces see it on the wire.
type Request struct {
	Epoch  uint64 // the caller's incarnation when it made the call
	ID     uint64 // the call's number within that incarnation
	Method string // the method's name, e.g. "paxos.Prepare"
	Body   any    // the request value
}

// Response is the message that carries a reply.
type Response struct {
	Epoch  uint64 // copied from the Request
	ID     uint64 // copied from the Request
	Method string // copied from the Request
	Body   any    // the reply value; nil when Err is set
	Err    string // set when the server had no handler for the method and request
}
