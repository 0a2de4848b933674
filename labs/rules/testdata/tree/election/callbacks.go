package election

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The standard library calls back into the package: the methods it finds
// on what it is handed (String, MarshalJSON, Less, ...) and the funcs it
// is handed have effects of their own, which a loop over a map must not
// have.

type picker struct {
	out *string
	k   string
}

func (p picker) String() string { *p.out = p.k; return "" }

func (p picker) MarshalJSON() ([]byte, error) { *p.out = p.k; return []byte("1"), nil }

type keyErr struct {
	out *string
	k   string
}

func (e keyErr) Error() string { *e.out = e.k; return "" }

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { b[0] = "x"; return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func (n *Node) lastByString() string {
	last := ""
	p := &last
	for k := range n.data {
		_ = fmt.Sprint(picker{p, k}) // want `^map-order: calls fmt.Sprint, which calls String, which writes \*p.out in a loop over a map`
	}
	return last
}

func (n *Node) lastByJSON() string {
	last := ""
	p := &last
	for k := range n.data {
		_, _ = json.Marshal(picker{p, k}) // want `^map-order: calls json.Marshal, which calls MarshalJSON, which writes \*p.out`
	}
	return last
}

func (n *Node) lastByError() string {
	last := ""
	p := &last
	for k := range n.data {
		var err error = keyErr{p, k}
		_ = errors.Is(err, nil) // want `^map-order: calls errors.Is, which calls Error, which writes \*e.out`
		_ = err.Error()         // want `^map-order: calls err.Error, which writes \*e.out`
	}
	return last
}

func (n *Node) note(s string) bool { n.leader = 1; return s == "" }

func (n *Node) lastByFunc() {
	for k := range n.data {
		_ = slices.ContainsFunc([]string{k}, n.note) // want `^map-order: calls slices.ContainsFunc, which calls note, which writes n.leader`
	}
}

func (n *Node) sortEach(f func(string) bool) {
	for k := range n.data {
		b := byLen{k}
		sort.Sort(b) // want `^map-order: calls sort.Sort, which calls Less, which writes b\[0\]`
		_ = strings.IndexFunc(k, func(r rune) bool { return r == 'x' })
		_ = slices.ContainsFunc([]string{k}, f)  // want `^map-order: hands f, a func value, to slices.ContainsFunc`
		_ = strings.ContainsFunc(k, isUpperRune) // a function without effects
	}
}

func isUpperRune(r rune) bool { return r >= 'A' && r <= 'Z' }

// Accepted: what the standard library calls has no effects.

type label struct{ k string }

func (l label) String() string { return "<" + l.k + ">" }

func (n *Node) countLabels() int {
	c := 0
	for k := range n.data {
		c += len(fmt.Sprint(label{k}))
		if strings.ContainsFunc(k, isUpperRune) {
			c++
		}
	}
	return c
}
