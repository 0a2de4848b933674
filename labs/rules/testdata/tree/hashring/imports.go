package hashring

import (
	_ "bytes"
	_ "container/heap"
	_ "context"     // want `^import: import "context"`
	_ "crypto/rand" // want `^global-rand: import "crypto/rand": it is a global random source \(use env.Rand\(\)\) — randomness must come from env.Rand\(\)`
	_ "encoding/json"
	_ "errors"
	_ "flag"      // want `^import: import "flag": it reads the command line — node code runs inside the simulator`
	_ "go/ast"    // want `^import: import "go/ast": it is not on the allowlist`
	_ "io/fs"     // want `^import: import "io/fs"`
	_ "log"       // want `^output: import "log": it prints`
	_ "math/rand" // want `^global-rand: import "math/rand"`
	_ "math/rand/v2"
	_ "net/netip"     // want `^import: import "net/netip": the simulator is the network`
	_ "os"            // want `^import: import "os": it reaches files`
	_ "os/exec"       // want `^import: import "os/exec": it runs other programs`
	_ "plugin"        // want `^import: import "plugin"`
	_ "reflect"       // want `^import: import "reflect"`
	_ "runtime"       // want `^import: import "runtime"`
	_ "runtime/debug" // want `^import: import "runtime/debug": it reaches the scheduler`
	_ "slices"
	_ "strconv"
	_ "sync"        // want `^concurrency: import "sync": handlers run one at a time`
	_ "sync/atomic" // want `^concurrency: import "sync/atomic"`
	_ "syscall"     // want `^import: import "syscall"`
	_ "testing"     // want `^import: import "testing"`
	_ "unsafe"      // want `^import: import "unsafe"`

	_ "github.com/distlab/distlab/election" // want `^import: import "github.com/distlab/distlab/election": student packages import only the allowed standard library, sim, rpc and their own sub-packages`
	_ "github.com/distlab/distlab/hashring/sub"
	_ "github.com/distlab/distlab/rpc"
	_ "github.com/distlab/distlab/sim"
)
