package hashring

// Flood is the message a flooding server sends itself.
type Flood struct{ Hops int }
