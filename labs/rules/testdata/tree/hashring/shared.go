package hashring

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/crc64"
	"math/big"
	"strconv"
	"unicode"

	"github.com/distlab/distlab/hashring/sub"
	"github.com/distlab/distlab/rpc"
)

// Other packages' variables are shared by every node of the process.

type board struct{ m map[string]string }

func (board) Error() string { return "board" }

// Allowed: reading errors and values that hold no references, methods of
// the variable, and passing it to a function of its own package.
func reads(b []byte, err error) (bool, uint32, string) {
	e := strconv.ErrRange
	_ = errors.Is(err, rpc.ErrTimeout) || errors.Is(err, sub.ErrGone) || err == e
	order := binary.LittleEndian
	order.PutUint32(b, 1)
	binary.BigEndian.PutUint16(b, 2)
	s := base64.StdEncoding.EncodeToString(b)
	enc := base64.StdEncoding.EncodeToString
	_ = enc
	up := unicode.Is(unicode.Upper, 'A') || unicode.In('a', unicode.Letter, unicode.Digit)
	sum := crc32.Checksum(b, crc32.IEEETable) + crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli))
	_ = crc64.Checksum(b, crc64.MakeTable(crc64.ISO))
	_ = strconv.ErrSyntax.Error()
	return up, sum, s
}

// Rejected: writing them, taking their address, and reading as values the
// ones that hold references.
func writes(b []byte) {
	strconv.ErrRange = board{m: map[string]string{}}          // want `^package-state: assigns to strconv.ErrRange, which every node shares`
	rpc.ErrTimeout = nil                                      // want `^package-state: assigns to rpc.ErrTimeout`
	sub.ErrGone = errors.New("x")                             // want `^package-state: assigns to sub.ErrGone`
	errors.ErrUnsupported, _ = nil, 1                         // want `^package-state: assigns to errors.ErrUnsupported`
	crc32.IEEETable[0] = 1                                    // want `^package-state: assigns to crc32.IEEETable`
	crc32.IEEETable[1]++                                      // want `^package-state: assigns to crc32.IEEETable`
	*base64.StdEncoding = *base64.URLEncoding                 // want `^package-state: assigns to base64.StdEncoding` `^package-state: uses base64.URLEncoding, which every node shares and which holds references`
	xml.HTMLEntity["x"] = "y"                                 // want `^package-state: assigns to xml.HTMLEntity`
	for _, unicode.Upper = range []*unicode.RangeTable{nil} { // want `^package-state: assigns to unicode.Upper`
	}
	p := &strconv.ErrRange // want `^package-state: takes the address of strconv.ErrRange`
	_ = p
	_ = errors.As(nil, &sub.ErrGone) // want `^package-state: takes the address of sub.ErrGone`
	cats := unicode.Categories       // want `^package-state: uses unicode.Categories, which every node shares and which holds references: use it only as the receiver of a method or an argument to a function of package unicode`
	_ = cats
	_ = unicode.Categories["Lu"]       // want `^package-state: uses unicode.Categories`
	_ = len(crc32.IEEETable)           // want `^package-state: uses crc32.IEEETable`
	_ = fmt.Sprint(unicode.Upper)      // want `^package-state: uses unicode.Upper`
	t := crc32.MakeTable(crc32.IEEE)   // want `^package-state: uses the table crc32.MakeTable returns, which every node shares`
	crc64.MakeTable(crc64.ECMA)[0] = 1 // want `^package-state: assigns to the table crc64.MakeTable returns`
	_ = t
	_ = json.NewEncoder(nil) // want `^package-state: json.NewEncoder: an Encoder hands its writer a buffer`
}

type formatted struct{}

func (formatted) Format(f fmt.State, verb rune) {} // want `^package-state: fmt.State`

var _ fmt.Formatter = formatted{} // want `^package-state: fmt.Formatter`

// A Format method that never names fmt.State: its parameter's type is
// inferred from (*big.Int).Format.
type writer interface{ Write([]byte) (int, error) }

type grabber[S writer] struct{ kept *[]S }

func (g grabber[S]) Format(s S, verb rune) { *g.kept = append(*g.kept, s) }

func grab[S writer](f func(*big.Int, S, rune), kept *[]S) any { return grabber[S]{kept: kept} }

func injects() string {
	var kept []writer
	_ = kept
	var states any = grab((*big.Int).Format, nil) // want `^import: grab is of type func\(f func\(\*math/big.Int, fmt.State, rune\), kept \*\[\]fmt.State\) any: fmt.State is refused, however its values are reached`
	return fmt.Sprint(states)
}
